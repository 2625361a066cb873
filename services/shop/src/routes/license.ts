// GET /licenses/<listingId> → License: whether the owner pc2-admin names in x-pc2-owner holds
// the license token of a listing on the FileShop contract (any seller's, not only this
// node's), read from the chain now, with the listing's CID and key commitment, so that what
// the owner installs can be checked to be what they bought.

import { jsonReply, ListingNotFoundError } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { listingStatus, readListing } from '../chain/read.ts'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { address, parseId } from '../inputs.ts'

const statusNames = { [listingStatus.active]: 'active', [listingStatus.paused]: 'paused', [listingStatus.delisted]: 'delisted' } as const

export const licenseRoute: ShopHandler<'GET /licenses/:id'> = async ({ shop, params, headers, signal }) => {
  const running = enabled(shop)
  const listingId = parseId('listingId', params.id)
  const account = address('x-pc2-owner', headers['x-pc2-owner'])
  const [listing, licensed] = await Promise.all([
    readListing(running.chain, listingId, { signal }),
    running.chain.call(async (client) => await client.readContract({ address: running.chain.contract, abi: fileShopAbi, functionName: 'hasLicense', args: [account, listingId] }), { signal })
  ])
  const status = statusNames[listing.status as keyof typeof statusNames]
  if (status === undefined) throw new ListingNotFoundError(`listing ${listingId} does not exist on the FileShop contract ${running.chain.contract}`, { details: { listingId: listingId.toString() } })
  return jsonReply({ listingId: listingId.toString(), account, licensed, cid: listing.cid, keyCommitment: listing.keyCommitment, seller: listing.seller, status })
}
