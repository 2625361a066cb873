// GET /public/listings/<id> → PublicListing, paused and delisted ones too (with their
// status), so an old link tells the buyer why they cannot buy.

import { enabled } from '../context.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { publicListing } from '../views/listing.ts'
import { ownListing } from './lookup.ts'

export async function publicListingRoute ({ shop, params }: RouteContext): Promise<Reply> {
  enabled(shop)
  return jsonReply(publicListing(shop, ownListing(shop, params.id)))
}
