import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseEventLogs, zeroAddress, zeroHash, type Address } from 'viem'
import { ETH, fileShopAbi, useChain, type TestChain } from './support/chain.ts'
import { balanceOf, buy, createListing, expectRevert, gasCost, getPurchase, publicKey, shopCall } from './support/shop.ts'

const chain = useChain()

async function tokenListing (c: TestChain, token: Address, price = 5_000_000n): Promise<bigint> {
  return await createListing(c, { token, price })
}

describe('buy with ETH', () => {
  it('escrows exactly the price and records the purchase', async () => {
    const c = chain()
    const listingId = await createListing(c, { price: 10_000n, commissionBps: 700, deliveryWindow: 900 })
    const key = publicKey()
    const buyerBefore = await balanceOf(c, c.buyer.address)
    const { purchaseId, receipt } = await buy(c, listingId, { publicKey: key })
    assert.equal(purchaseId, 1n)
    assert.equal(await balanceOf(c, c.shop), 10_000n)
    assert.equal(await balanceOf(c, c.buyer.address), buyerBefore - 10_000n - gasCost(receipt))
    const block = await c.publicClient.getBlock({ blockNumber: receipt.blockNumber })
    assert.deepEqual(await getPurchase(c, purchaseId), {
      listingId,
      buyer: c.buyer.address,
      promoter: c.promoter.address,
      payee: c.payee.address,
      token: ETH,
      amount: 10_000n,
      commissionBps: 700,
      deadline: block.timestamp + 900n,
      state: 1,
      buyerPublicKey: key
    })
    const [event] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Purchased' })
    assert.deepEqual(event?.args, {
      purchaseId, listingId, buyer: c.buyer.address, promoter: c.promoter.address, amount: 10_000n, buyerPublicKey: key, deadline: block.timestamp + 900n
    })
  })

  it('accepts no promoter', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c), { promoter: zeroAddress })
    assert.equal((await getPurchase(c, purchaseId)).promoter, zeroAddress)
  })

  it('refuses underpayment and overpayment', async () => {
    const c = chain()
    const listingId = await createListing(c, { price: 1000n })
    await expectRevert(buy(c, listingId, { value: 999n }), 'FileShopWrongPayment', [1000n, 999n])
    await expectRevert(buy(c, listingId, { value: 1001n }), 'FileShopWrongPayment', [1000n, 1001n])
    await expectRevert(buy(c, listingId, { value: 0n }), 'FileShopWrongPayment', [1000n, 0n])
    assert.equal(await balanceOf(c, c.shop), 0n)
  })

  it('refuses a zero public key', async () => {
    const c = chain()
    await expectRevert(buy(c, await createListing(c), { publicKey: zeroHash }), 'FileShopInvalidPublicKey')
  })

  it('refuses the wrong listing: unknown, paused, delisted', async () => {
    const c = chain()
    const listingId = await createListing(c)
    await expectRevert(buy(c, 99n, { value: 1n }), 'FileShopUnknownListing', [99n])
    await expectRevert(buy(c, 0n, { value: 1n }), 'FileShopUnknownListing', [0n])
    await shopCall(c, c.seller, 'setPaused', [listingId, true])
    await expectRevert(buy(c, listingId), 'FileShopListingNotActive', [listingId, 2])
    await shopCall(c, c.seller, 'delist', [listingId])
    await expectRevert(buy(c, listingId), 'FileShopListingNotActive', [listingId, 3])
  })
})

describe('buy with an ERC-20', () => {
  it('pulls exactly the price with transferFrom', async () => {
    const c = chain()
    const listingId = await tokenListing(c, c.usdc, 5_000_000n)
    const before = await balanceOf(c, c.buyer.address, c.usdc)
    const { purchaseId } = await buy(c, listingId)
    assert.equal(await balanceOf(c, c.shop, c.usdc), 5_000_000n)
    assert.equal(await balanceOf(c, c.buyer.address, c.usdc), before - 5_000_000n)
    assert.equal((await getPurchase(c, purchaseId)).token, c.usdc)
  })

  it('refuses ETH sent along', async () => {
    const c = chain()
    const listingId = await tokenListing(c, c.usdc)
    await expectRevert(buy(c, listingId, { value: 1n }), 'FileShopWrongPayment', [0n, 1n])
  })

  it('refuses when the transfer fails (no allowance)', async () => {
    const c = chain()
    const listingId = await tokenListing(c, c.usdc)
    await shopCall(c, c.buyer, 'buy', [listingId, zeroAddress, publicKey()]).catch(() => {})
    await c.send(c.buyer, { address: c.usdc, abi: await c.abiOf('MockERC20'), functionName: 'approve', args: [c.shop, 0n] })
    await expectRevert(buy(c, listingId), 'FileShopTokenTransferFailed', [c.usdc])
  })

  it('refuses a fee-on-transfer token', async () => {
    const c = chain()
    const token = await c.deploy('FeeOnTransferERC20')
    const tokenAbi = await c.abiOf('FeeOnTransferERC20')
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'mint', args: [c.buyer.address, 10n ** 20n] })
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'approve', args: [c.shop, 10n ** 20n] })
    const listingId = await tokenListing(c, token, 1000n)
    await expectRevert(buy(c, listingId), 'FileShopWrongPayment', [1000n, 990n])
  })

  it('accepts a token whose transferFrom returns nothing', async () => {
    const c = chain()
    const token = await c.deploy('NoReturnERC20')
    const tokenAbi = await c.abiOf('NoReturnERC20')
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'mint', args: [c.buyer.address, 1000n] })
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'approve', args: [c.shop, 1000n] })
    await buy(c, await tokenListing(c, token, 1000n))
    assert.equal(await balanceOf(c, c.shop, token), 1000n)
  })
})
