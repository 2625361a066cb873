import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseEventLogs } from 'viem'
import { fileShopAbi, useChain } from './support/chain.ts'
import { buy, createListing, deliver, expectRevert, getListing, getPurchase, shopCall } from './support/shop.ts'

const chain = useChain()

describe('setPrice', () => {
  it('changes the price of future purchases only', async () => {
    const c = chain()
    const listingId = await createListing(c, { price: 100n })
    const { purchaseId } = await buy(c, listingId)
    const receipt = await shopCall(c, c.seller, 'setPrice', [listingId, 250n])
    const [event] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'ListingPriceChanged' })
    assert.deepEqual(event?.args, { listingId, price: 250n })
    assert.equal((await getListing(c, listingId)).price, 250n)
    assert.equal((await getPurchase(c, purchaseId)).amount, 100n)
    await expectRevert(buy(c, listingId, { value: 100n }), 'FileShopWrongPayment', [250n, 100n])
    await buy(c, listingId, { value: 250n })
  })

  it('refuses a zero price, a stranger, an unknown listing', async () => {
    const c = chain()
    const listingId = await createListing(c)
    await expectRevert(shopCall(c, c.seller, 'setPrice', [listingId, 0n]), 'FileShopInvalidPrice')
    await expectRevert(shopCall(c, c.stranger, 'setPrice', [listingId, 5n]), 'FileShopNotSeller', [listingId, c.stranger.address])
    await expectRevert(shopCall(c, c.seller, 'setPrice', [9n, 5n]), 'FileShopUnknownListing', [9n])
  })
})

describe('setCommission', () => {
  it('changes the commission of future purchases only', async () => {
    const c = chain()
    const listingId = await createListing(c, { price: 1000n, commissionBps: 1000 })
    const { purchaseId } = await buy(c, listingId)
    await shopCall(c, c.seller, 'setCommission', [listingId, 5000])
    assert.equal((await getListing(c, listingId)).commissionBps, 5000)
    assert.equal((await getPurchase(c, purchaseId)).commissionBps, 1000)
    const receipt = await deliver(c, purchaseId)
    const [delivered] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Delivered' })
    assert.equal(delivered?.args.promoterAmount, 100n)
  })

  it('refuses more than 10000 bps and a stranger', async () => {
    const c = chain()
    const listingId = await createListing(c)
    await expectRevert(shopCall(c, c.seller, 'setCommission', [listingId, 10_001]), 'FileShopInvalidCommission', [10_001])
    await expectRevert(shopCall(c, c.buyer, 'setCommission', [listingId, 1]), 'FileShopNotSeller')
  })
})

describe('setPaused', () => {
  it('pauses and resumes buying', async () => {
    const c = chain()
    const listingId = await createListing(c)
    await shopCall(c, c.seller, 'setPaused', [listingId, true])
    assert.equal((await getListing(c, listingId)).status, 2)
    await expectRevert(buy(c, listingId), 'FileShopListingNotActive', [listingId, 2])
    await shopCall(c, c.seller, 'setPaused', [listingId, false])
    assert.equal((await getListing(c, listingId)).status, 1)
    await buy(c, listingId)
  })

  it('refuses a stranger and an unknown listing', async () => {
    const c = chain()
    const listingId = await createListing(c)
    await expectRevert(shopCall(c, c.stranger, 'setPaused', [listingId, true]), 'FileShopNotSeller')
    await expectRevert(shopCall(c, c.seller, 'setPaused', [7n, true]), 'FileShopUnknownListing')
  })
})

describe('delist', () => {
  it('is final: no buying, pausing, resuming, repricing or delisting again', async () => {
    const c = chain()
    const listingId = await createListing(c)
    await shopCall(c, c.seller, 'delist', [listingId])
    assert.equal((await getListing(c, listingId)).status, 3)
    await expectRevert(buy(c, listingId), 'FileShopListingNotActive', [listingId, 3])
    await expectRevert(shopCall(c, c.seller, 'setPaused', [listingId, false]), 'FileShopListingNotActive', [listingId, 3])
    await expectRevert(shopCall(c, c.seller, 'setPrice', [listingId, 9n]), 'FileShopListingNotActive')
    await expectRevert(shopCall(c, c.seller, 'setCommission', [listingId, 9]), 'FileShopListingNotActive')
    await expectRevert(shopCall(c, c.seller, 'delist', [listingId]), 'FileShopListingNotActive')
  })

  it('leaves pending purchases deliverable', async () => {
    const c = chain()
    const listingId = await createListing(c)
    const { purchaseId } = await buy(c, listingId)
    await shopCall(c, c.seller, 'delist', [listingId])
    await deliver(c, purchaseId)
    assert.equal((await getPurchase(c, purchaseId)).state, 2)
  })

  it('refuses a stranger', async () => {
    const c = chain()
    const listingId = await createListing(c)
    await expectRevert(shopCall(c, c.promoter, 'delist', [listingId]), 'FileShopNotSeller', [listingId, c.promoter.address])
  })
})
