// GET /public/listings → { listings: PublicListing[] }: this node's active listings only.

import { jsonReply } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { publicListing, sortedListings } from '../views/listing.ts'

export const publicListings: ShopHandler<'GET /public/listings'> = async ({ shop }) => {
  enabled(shop)
  const listings = sortedListings(shop).filter((record) => record.chain.status === 'active')
  return jsonReply({ listings: listings.map((record) => publicListing(shop, record)) })
}
