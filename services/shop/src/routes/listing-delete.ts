// DELETE /listings/<id> → OwnerListing (status delisted).

import { jsonReply } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { delistListing } from '../operations/delist-listing.ts'
import { ownerListing } from '../views/listing.ts'
import { ownListing } from './lookup.ts'

export const deleteListingRoute: ShopHandler<'DELETE /listings/:id'> = async ({ shop, params, signal }) => {
  const running = enabled(shop)
  return jsonReply(ownerListing(shop, await delistListing(running, ownListing(shop, params.id), { signal })))
}
