// Turning selling on from the admin UI's settings: pc2-shop notices the saved shop.* values
// and starts watching the chain without a restart; a contract of its own keeps its own
// records; turning it off again stops it.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { anvilClients, deployFileShop, startAnvil, type Anvil } from '@pc2/contracts'
import type { ShopStatus } from '@pc2/core'
import { claimStack, ownerHeaders, startStack } from '@pc2/test-support/stack'
import type { Stack, StackOwner } from '@pc2/test-support/stack'

describe('shop settings on a host stack', { timeout: 180_000 }, () => {
  let anvil: Anvil
  let contract: `0x${string}`
  let stack: Stack
  let owner: StackOwner

  const send = async (method: string, path: string, body?: unknown): Promise<Response> =>
    await fetch(`${stack.origin}${path}`, {
      method,
      headers: { ...ownerHeaders(owner, stack.origin), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })

  const statusWhen = async (wanted: (status: ShopStatus) => boolean): Promise<ShopStatus> => {
    const until = Date.now() + 30_000
    let status: ShopStatus | undefined
    while (Date.now() < until) {
      status = await (await send('GET', '/api/shop/status')).json() as ShopStatus
      if (wanted(status)) return status
      await sleep(200)
    }
    throw new Error(`the shop's status never changed as expected; last: ${JSON.stringify(status)}\n${stack.output('shop').slice(-2000)}`)
  }

  before(async () => {
    anvil = await startAnvil()
    contract = await deployFileShop(anvilClients(anvil))
    stack = await startStack()
    owner = await claimStack(stack)
  })
  after(async () => {
    await stack?.stop()
    await anvil?.stop()
  })

  it('is off at first: selling routes name the setting to set', async () => {
    const status = await statusWhen(() => true)
    assert.equal(status.enabled, false)
    const sales = await send('GET', '/api/shop/sales')
    assert.equal(sales.status, 409)
    const { error } = await sales.json() as { error: { name: string, details: { setting: string } } }
    assert.equal(error.name, 'ShopNotConfiguredError')
    assert.equal(error.details.setting, 'shop.rpcUrl')
  })

  it('starts watching the chain once the settings are saved, without a restart', async () => {
    const saved = await send('PUT', '/api/settings', { values: { 'shop.rpcUrl': anvil.rpcUrl, 'shop.contract': contract, 'shop.pollInterval': '100' } })
    assert.equal(saved.status, 200, await saved.text())
    const status = await statusWhen((candidate) => candidate.enabled && candidate.head !== null)
    assert.equal(status.chainId, anvil.chainId)
    assert.equal(status.contract, contract)
    assert.equal((await send('GET', '/api/shop/sales')).status, 200)
    assert.match(stack.output('shop'), /shop settings changed; applying them/)
  })

  it('refuses a bad value and keeps selling as it was', async () => {
    const refused = await send('PUT', '/api/settings', { values: { 'shop.contract': '0x1234' } })
    assert.equal(refused.status, 400)
    const { error } = await refused.json() as { error: { name: string, details: { setting: string } } }
    assert.equal(error.details.setting, 'shop.contract')
    const status = await statusWhen((candidate) => candidate.enabled)
    assert.equal(status.contract, contract)
  })

  it('stops selling when the RPC URL is turned off', async () => {
    assert.equal((await send('PUT', '/api/settings', { values: { 'shop.rpcUrl': 'off' } })).status, 200)
    const status = await statusWhen((candidate) => !candidate.enabled)
    assert.equal(status.rpcUrl, null)
  })
})
