// GET /public/listings → { listings: PublicListing[] }: this node's active listings only.

import type { ListingsResponse } from '@pc2/core'
import { enabled } from '../context.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { publicListing, sortedListings } from '../views/listing.ts'

export async function publicListings ({ shop }: RouteContext): Promise<Reply> {
  enabled(shop)
  const listings = sortedListings(shop).filter((record) => record.chain.status === 'active')
  const body: ListingsResponse = { listings: listings.map((record) => publicListing(shop, record)) }
  return jsonReply(body)
}
