// GET /listings → { listings: OwnerListing[] }, oldest first, delisted ones included.

import { jsonReply } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { ownerListing, sortedListings } from '../views/listing.ts'

export const listListings: ShopHandler<'GET /listings'> = async ({ shop }) => {
  enabled(shop)
  return jsonReply({ listings: sortedListings(shop).map((record) => ownerListing(shop, record)) })
}
