// Runs the gas benchmark (contracts/bench/gas.ts) so `npm run bench` cannot break unnoticed,
// and checks its figures are the gas of real, successful calls.

import assert from 'node:assert/strict'
import { it } from 'node:test'
import { measureGas } from '../bench/gas.ts'

it('measures plausible gas for the everyday FileShop calls', async () => {
  const figures = await measureGas()
  const bounds: Record<keyof typeof figures, [number, number]> = {
    gas_buy: [50_000, 300_000],
    gas_buy_erc20: [50_000, 300_000],
    gas_deliver: [50_000, 300_000],
    gas_deliver_erc20: [50_000, 300_000],
    gas_create_listing: [100_000, 400_000],
    gas_refund: [30_000, 150_000]
  }
  assert.deepEqual(Object.keys(figures).sort(), Object.keys(bounds).sort())
  for (const [name, [low, high]] of Object.entries(bounds)) {
    const value = figures[name as keyof typeof figures]
    assert.ok(Number.isInteger(value) && value >= low && value <= high, `${name} = ${value}, expected ${low}..${high}`)
  }
  // Paying by transferFrom, with the balance read before and after, costs more than msg.value.
  assert.ok(figures.gas_buy_erc20 > figures.gas_buy, `buy ${figures.gas_buy}, ERC-20 buy ${figures.gas_buy_erc20}`)
  console.log(`# gas: ${JSON.stringify(figures)}`)
})
