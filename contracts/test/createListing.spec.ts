import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { keccak256, parseEventLogs, toHex, zeroHash } from 'viem'
import { ETH, fileShopAbi, useChain } from './support/chain.ts'
import { createListing, expectRevert, getListing } from './support/shop.ts'

const chain = useChain()

describe('createListing', () => {
  it('stores the listing with the caller as seller, ids from 1, and logs it', async () => {
    const c = chain()
    const commitment = keccak256(toHex('file key'))
    const first = await createListing(c, { price: 123n, commissionBps: 250, deliveryWindow: 600, cid: 'bafy-one', keyCommitment: commitment })
    assert.equal(first, 1n)
    const listing = await getListing(c, first)
    assert.deepEqual(listing, {
      seller: c.seller.address,
      payee: c.payee.address,
      token: ETH,
      price: 123n,
      commissionBps: 250,
      deliveryWindow: 600,
      status: 1,
      keyCommitment: commitment,
      cid: 'bafy-one'
    })
    const second = await createListing(c, { from: c.stranger, token: c.usdc })
    assert.equal(second, 2n)
    assert.equal((await getListing(c, second)).seller, c.stranger.address)
    assert.equal((await getListing(c, second)).token, c.usdc)
  })

  it('logs ListingCreated', async () => {
    const c = chain()
    await createListing(c, { price: 5n, cid: 'bafy-log' })
    const logs = await c.publicClient.getContractEvents({ address: c.shop, abi: fileShopAbi, eventName: 'ListingCreated', fromBlock: 0n })
    const created = parseEventLogs({ abi: fileShopAbi, logs }).at(-1)
    assert.equal(created?.eventName, 'ListingCreated')
    assert.equal(created.args.listingId, 1n)
    assert.equal(created.args.seller, c.seller.address)
    assert.equal(created.args.price, 5n)
    assert.equal(created.args.cid, 'bafy-log')
  })

  it('reports status None for a listing that does not exist', async () => {
    assert.equal((await getListing(chain(), 42n)).status, 0)
  })

  it('accepts the bounds: commission 0 and 10000, window 60 s and 30 days, cid 1 and 128 bytes', async () => {
    const c = chain()
    await createListing(c, { commissionBps: 0, deliveryWindow: 60, cid: 'x' })
    await createListing(c, { commissionBps: 10_000, deliveryWindow: 30 * 86_400, cid: 'y'.repeat(128) })
    assert.equal((await getListing(c, 2n)).commissionBps, 10_000)
  })

  it('refuses a zero payee', async () => {
    await expectRevert(createListing(chain(), { payee: ETH }), 'FileShopInvalidPayee')
  })

  it('refuses a zero price', async () => {
    await expectRevert(createListing(chain(), { price: 0n }), 'FileShopInvalidPrice')
  })

  it('refuses a commission above 10000 bps', async () => {
    await expectRevert(createListing(chain(), { commissionBps: 10_001 }), 'FileShopInvalidCommission', [10_001])
  })

  it('refuses a delivery window under 60 s or over 30 days', async () => {
    await expectRevert(createListing(chain(), { deliveryWindow: 59 }), 'FileShopInvalidDeliveryWindow', [59])
    await expectRevert(createListing(chain(), { deliveryWindow: 30 * 86_400 + 1 }), 'FileShopInvalidDeliveryWindow', [30 * 86_400 + 1])
  })

  it('refuses an empty cid or one over 128 bytes', async () => {
    await expectRevert(createListing(chain(), { cid: '' }), 'FileShopInvalidCid')
    await expectRevert(createListing(chain(), { cid: 'z'.repeat(129) }), 'FileShopInvalidCid')
  })

  it('refuses a zero key commitment', async () => {
    await expectRevert(createListing(chain(), { keyCommitment: zeroHash }), 'FileShopInvalidKeyCommitment')
  })
})
