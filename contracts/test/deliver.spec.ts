import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseEventLogs, zeroAddress } from 'viem'
import { fileShopAbi, useChain } from './support/chain.ts'
import {
  atTimestamp, balanceOf, buy, createListing, deliver, expectRevert, gasCost, getPurchase, sealedKey
} from './support/shop.ts'

const chain = useChain()

describe('deliver', () => {
  it('pays payee and promoter in the delivery transaction and logs the sealed key', async () => {
    const c = chain()
    const listingId = await createListing(c, { price: 1_000_000n, commissionBps: 1234 })
    const { purchaseId } = await buy(c, listingId)
    const key = sealedKey()
    const receipt = await deliver(c, purchaseId, { key })
    const before = receipt.blockNumber - 1n
    assert.equal(await balanceOf(c, c.payee.address, undefined, receipt.blockNumber) - await balanceOf(c, c.payee.address, undefined, before), 876_600n)
    assert.equal(await balanceOf(c, c.promoter.address, undefined, receipt.blockNumber) - await balanceOf(c, c.promoter.address, undefined, before), 123_400n)
    assert.equal(await balanceOf(c, c.shop), 0n)
    assert.equal((await getPurchase(c, purchaseId)).state, 2)
    const [event] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Delivered' })
    assert.deepEqual(event?.args, { purchaseId, listingId, promoter: c.promoter.address, sealedKey: key, payeeAmount: 876_600n, promoterAmount: 123_400n })
    assert.equal(parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'PaymentDeferred' }).length, 0)
  })

  it('rounds the commission down; the payee gets the rest', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c, { price: 999n, commissionBps: 3333 }))
    const [event] = parseEventLogs({ abi: fileShopAbi, logs: (await deliver(c, purchaseId)).logs, eventName: 'Delivered' })
    assert.equal(event?.args.promoterAmount, 332n) // 999 * 3333 / 10000 = 332.96
    assert.equal(event?.args.payeeAmount, 667n)
  })

  it('gives the payee everything without a promoter', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c, { price: 1000n, commissionBps: 5000 }), { promoter: zeroAddress })
    const receipt = await deliver(c, purchaseId)
    const [event] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Delivered' })
    assert.equal(event?.args.payeeAmount, 1000n)
    assert.equal(event?.args.promoterAmount, 0n)
  })

  it('pays the seller who is also the payee', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c, { price: 10n ** 18n, commissionBps: 0, payee: c.seller.address }))
    const before = await balanceOf(c, c.seller.address)
    const receipt = await deliver(c, purchaseId)
    assert.equal(await balanceOf(c, c.seller.address), before + 10n ** 18n - gasCost(receipt))
  })

  it('pays ERC-20 listings in the token', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c, { token: c.usdc, price: 2_500_000n, commissionBps: 2000 }))
    const payeeBefore = await balanceOf(c, c.payee.address, c.usdc)
    const promoterBefore = await balanceOf(c, c.promoter.address, c.usdc)
    await deliver(c, purchaseId)
    assert.equal(await balanceOf(c, c.payee.address, c.usdc) - payeeBefore, 2_000_000n)
    assert.equal(await balanceOf(c, c.promoter.address, c.usdc) - promoterBefore, 500_000n)
    assert.equal(await balanceOf(c, c.shop, c.usdc), 0n)
  })

  it('mints the license to the buyer', async () => {
    const c = chain()
    const listingId = await createListing(c)
    const { purchaseId } = await buy(c, listingId)
    const read = async (): Promise<boolean> => await c.publicClient.readContract({ address: c.shop, abi: fileShopAbi, functionName: 'hasLicense', args: [c.buyer.address, listingId] })
    assert.equal(await read(), false)
    await deliver(c, purchaseId)
    assert.equal(await read(), true)
  })

  it('refuses a double delivery', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c))
    await deliver(c, purchaseId)
    await expectRevert(deliver(c, purchaseId), 'FileShopNotPending', [purchaseId, 2])
  })

  it('refuses anyone but the seller, and unknown purchases', async () => {
    const c = chain()
    const listingId = await createListing(c)
    const { purchaseId } = await buy(c, listingId)
    await expectRevert(deliver(c, purchaseId, { from: c.payee }), 'FileShopNotSeller', [listingId, c.payee.address])
    await expectRevert(deliver(c, purchaseId, { from: c.buyer }), 'FileShopNotSeller')
    await expectRevert(deliver(c, 77n), 'FileShopUnknownPurchase', [77n])
  })

  it('refuses a sealed key that is not exactly 80 bytes', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c))
    await expectRevert(deliver(c, purchaseId, { key: sealedKey(79) }), 'FileShopInvalidSealedKey', [79n])
    await expectRevert(deliver(c, purchaseId, { key: sealedKey(81) }), 'FileShopInvalidSealedKey', [81n])
    await expectRevert(deliver(c, purchaseId, { key: '0x' }), 'FileShopInvalidSealedKey', [0n])
  })

  it('accepts a delivery one second before the deadline', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c))
    const { deadline } = await getPurchase(c, purchaseId)
    await atTimestamp(c, deadline - 1n)
    const receipt = await deliver(c, purchaseId)
    assert.equal((await c.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp, deadline - 1n)
  })

  it('refuses a delivery at the deadline', async () => {
    const c = chain()
    const { purchaseId } = await buy(c, await createListing(c))
    const { deadline } = await getPurchase(c, purchaseId)
    await atTimestamp(c, deadline)
    await expectRevert(deliver(c, purchaseId), 'FileShopDeadlinePassed', [purchaseId, deadline])
  })
})
