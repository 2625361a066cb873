// Property tests over random prices and commissions (seeded: see support/random.ts). Each case
// runs on its own evm_snapshot, so its balance deltas are exactly its own.

import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { maxUint256, parseEventLogs, zeroAddress, type Abi, type Address } from 'viem'
import { ETH, fileShopAbi, useChain, type TestChain } from './support/chain.ts'
import { seededRandom } from './support/random.ts'
import {
  atTimestamp, balanceOf, buy, createListing, deliver, expectRevert, gasCost, getPurchase, refund, shopCall
} from './support/shop.ts'

const chain = useChain()
const random = seededRandom('fuzz.spec.ts')

interface Sale {
  /** ETH, or a fresh 18-decimal token nobody else holds (so prices up to 2^256 - 1 can be minted). */
  currency: 'eth' | 'token'
  price: bigint
  commissionBps: number
  withPromoter: boolean
}

const edgeCases: Sale[] = [
  { currency: 'eth', price: 1n, commissionBps: 0, withPromoter: true },
  { currency: 'eth', price: 1n, commissionBps: 9999, withPromoter: true },
  { currency: 'eth', price: 1n, commissionBps: 10_000, withPromoter: true },
  { currency: 'eth', price: 9999n, commissionBps: 1, withPromoter: true },
  { currency: 'eth', price: 10_000n, commissionBps: 1, withPromoter: true },
  { currency: 'eth', price: 10_001n, commissionBps: 9999, withPromoter: true },
  { currency: 'eth', price: 1000n, commissionBps: 10_000, withPromoter: false },
  // anvil refuses a transaction whose value plus gas reaches 2^128 wei, so the largest ETH
  // prices stay just under it (all the ETH there is, is below 2^87).
  { currency: 'eth', price: 2n ** 127n, commissionBps: 10_000, withPromoter: true },
  { currency: 'eth', price: 2n ** 128n - 2n ** 64n, commissionBps: 9999, withPromoter: true },
  { currency: 'eth', price: 2n ** 128n - 2n ** 64n + 1n, commissionBps: 3333, withPromoter: true },
  { currency: 'token', price: 2n ** 128n - 1n, commissionBps: 9999, withPromoter: true },
  { currency: 'token', price: 2n ** 128n, commissionBps: 3333, withPromoter: true },
  { currency: 'token', price: 2n ** 128n + 1n, commissionBps: 1, withPromoter: true },
  // Where price * bps no longer fits in 256 bits: a plain multiplication would overflow.
  { currency: 'token', price: maxUint256 / 10_000n + 1n, commissionBps: 10_000, withPromoter: true },
  { currency: 'token', price: 2n ** 255n, commissionBps: 5000, withPromoter: true },
  { currency: 'token', price: maxUint256, commissionBps: 9999, withPromoter: true },
  { currency: 'token', price: maxUint256, commissionBps: 10_000, withPromoter: true },
  { currency: 'token', price: maxUint256, commissionBps: 1, withPromoter: true },
  { currency: 'token', price: 1n, commissionBps: 5000, withPromoter: true }
]

function randomSale (): Sale {
  const currency = random.chance(0.6) ? 'eth' : 'token'
  return {
    currency,
    // ETH prices stay below 2^127 (see above); token prices span uint256.
    price: random.magnitude(currency === 'eth' ? 127 : 256),
    commissionBps: random.chance(0.25) ? random.pick([0, 1, 5000, 9999, 10_000]) : random.int(0, 10_000),
    withPromoter: random.chance(0.85)
  }
}

const sales = [...edgeCases, ...Array.from({ length: 40 }, randomSale)]

/** Runs `body` on a snapshot of the chain that is reverted afterwards. */
async function isolated (c: TestChain, body: () => Promise<void>): Promise<void> {
  const snapshot = await c.testClient.snapshot()
  try {
    await body()
  } finally {
    await c.testClient.revert({ id: snapshot })
  }
}

describe('payout properties', () => {
  let token: Address
  let tokenAbi: Abi
  before(async () => {
    // Deployed once: useChain's per-test snapshot is taken after this hook, so every test keeps it.
    const c = chain()
    token = await c.deploy('MockERC20', ['Big', 'BIG', 18])
    tokenAbi = await c.abiOf('MockERC20')
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'approve', args: [c.shop, maxUint256] })
  })

  /** Funds the buyer for `sale` and returns the currency's address. */
  async function fund (c: TestChain, sale: Sale): Promise<Address> {
    if (sale.currency === 'eth') {
      await c.testClient.setBalance({ address: c.buyer.address, value: sale.price + 10n ** 20n })
      return ETH
    }
    await c.send(c.seller, { address: token, abi: tokenAbi, functionName: 'mint', args: [c.buyer.address, sale.price] })
    return token
  }

  it(`splits every sale exactly: ${sales.length} (price, commission) pairs`, async () => {
    const c = chain()
    for (const [index, sale] of sales.entries()) {
      const label = `case ${index} (seed ${random.seed}): ${sale.currency} price ${sale.price}, ${sale.commissionBps} bps${sale.withPromoter ? '' : ', no promoter'}`
      await isolated(c, async () => {
        const currency = await fund(c, sale)
        const promoter = sale.withPromoter ? c.promoter.address : zeroAddress
        const listingId = await createListing(c, { token: currency, price: sale.price, commissionBps: sale.commissionBps })
        const watched = [c.buyer.address, c.payee.address, c.promoter.address, c.shop]
        const start = await Promise.all(watched.map(async (account) => await balanceOf(c, account, currency)))
        const { purchaseId, receipt: bought } = await buy(c, listingId, { promoter })
        assert.equal(await balanceOf(c, c.shop, currency), start[3]! + sale.price, label)
        const delivered = await deliver(c, purchaseId)
        const end = await Promise.all(watched.map(async (account) => await balanceOf(c, account, currency)))

        const expectedPromoter = sale.withPromoter ? sale.price * BigInt(sale.commissionBps) / 10_000n : 0n
        const [event] = parseEventLogs({ abi: fileShopAbi, logs: delivered.logs, eventName: 'Delivered' })
        assert.ok(event !== undefined, label)
        assert.equal(event.args.promoterAmount, expectedPromoter, label)
        assert.equal(event.args.payeeAmount + event.args.promoterAmount, sale.price, label)
        assert.deepEqual(parseEventLogs({ abi: fileShopAbi, logs: delivered.logs, eventName: 'PaymentDeferred' }), [], label)
        const buyerGas = currency === ETH ? gasCost(bought) : 0n
        assert.deepEqual(end.map((value, position) => value - start[position]!), [
          -sale.price - buyerGas,
          sale.price - expectedPromoter,
          expectedPromoter,
          0n
        ], label)
      })
    }
  })

  it('refunds every price exactly', async () => {
    const c = chain()
    for (let trial = 0; trial < 12; trial++) {
      const sale = randomSale()
      const label = `refund trial ${trial} (seed ${random.seed}): ${sale.currency} price ${sale.price}`
      await isolated(c, async () => {
        const currency = await fund(c, sale)
        const listingId = await createListing(c, { token: currency, price: sale.price, commissionBps: sale.commissionBps })
        const { purchaseId } = await buy(c, listingId)
        const afterBuy = await balanceOf(c, c.buyer.address, currency)
        await atTimestamp(c, (await getPurchase(c, purchaseId)).deadline + BigInt(random.int(0, 1000)))
        await refund(c, purchaseId)
        assert.equal(await balanceOf(c, c.buyer.address, currency), afterBuy + sale.price, label)
        assert.equal(await balanceOf(c, c.shop, currency), 0n, label)
      })
    }
  })
})

describe('payment properties', () => {
  it('refuses every ETH payment that is not exactly the price, naming both amounts', async () => {
    const c = chain()
    // Prices and payments below 2^121, so the buyer can afford any of them (see edgeCases).
    await c.testClient.setBalance({ address: c.buyer.address, value: 2n ** 125n })
    const listingId = await createListing(c, { price: 1n })
    let price = 1n
    for (let trial = 0; trial < 40; trial++) {
      price = random.magnitude(120)
      await shopCall(c, c.seller, 'setPrice', [listingId, price])
      const delta = random.magnitude(random.chance(0.5) ? 8 : 120)
      // Over or under by delta; nothing at all now and then.
      const value = random.chance(0.1) ? 0n : random.chance(0.5) || delta > price ? price + delta : price - delta
      await expectRevert(buy(c, listingId, { value }), 'FileShopWrongPayment', [price, value])
    }
    assert.equal(await c.publicClient.readContract({ address: c.shop, abi: fileShopAbi, functionName: 'purchaseCount' }), 0n)
    assert.equal(await balanceOf(c, c.shop), 0n)
    // The last price itself is accepted: the refusals were about the amount, not the listing.
    await buy(c, listingId, { value: price })
    assert.equal(await balanceOf(c, c.shop), price)
  })

  it('refuses any ETH sent to buy an ERC-20 listing', async () => {
    const c = chain()
    const listingId = await createListing(c, { token: c.usdc, price: random.magnitude(40) })
    for (let trial = 0; trial < 15; trial++) {
      const value = random.magnitude(random.chance(0.5) ? 16 : 70)
      await expectRevert(buy(c, listingId, { value }), 'FileShopWrongPayment', [0n, value])
    }
    assert.equal(await balanceOf(c, c.shop), 0n)
    assert.equal(await balanceOf(c, c.shop, c.usdc), 0n)
  })

  it('accepts every commission up to 10000 bps and refuses every one above', async () => {
    const c = chain()
    const listingId = await createListing(c)
    for (let trial = 0; trial < 20; trial++) {
      const valid = random.int(0, 10_000)
      await shopCall(c, c.seller, 'setCommission', [listingId, valid])
      const invalid = random.int(10_001, 65_535)
      await expectRevert(shopCall(c, c.seller, 'setCommission', [listingId, invalid]), 'FileShopInvalidCommission', [invalid])
      await expectRevert(createListing(c, { commissionBps: invalid }), 'FileShopInvalidCommission', [invalid])
      assert.equal((await c.publicClient.readContract({ address: c.shop, abi: fileShopAbi, functionName: 'getListing', args: [listingId] })).commissionBps, valid)
    }
  })
})
