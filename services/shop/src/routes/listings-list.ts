// GET /listings → { listings: OwnerListing[] }, oldest first, delisted ones included.

import type { ListingsResponse, OwnerListing } from '@pc2/core'
import { enabled } from '../context.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { ownerListing, sortedListings } from '../views/listing.ts'

export async function listListings ({ shop }: RouteContext): Promise<Reply> {
  enabled(shop)
  const body: ListingsResponse<OwnerListing> = { listings: sortedListings(shop).map((record) => ownerListing(shop, record)) }
  return jsonReply(body)
}
