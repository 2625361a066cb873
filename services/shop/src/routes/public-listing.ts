// GET /public/listings/<id> → PublicListing, paused and delisted ones too (with their
// status), so an old link tells the buyer why they cannot buy.

import { jsonReply } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { publicListing } from '../views/listing.ts'
import { ownListing } from './lookup.ts'

export const publicListingRoute: ShopHandler<'GET /public/listings/:id'> = async ({ shop, params }) => {
  enabled(shop)
  return jsonReply(publicListing(shop, ownListing(shop, params.id)))
}
