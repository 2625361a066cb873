// DELETE /listings/<id> → OwnerListing (status delisted).

import { enabled } from '../context.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { delistListing } from '../operations/delist-listing.ts'
import { ownerListing } from '../views/listing.ts'
import { ownListing } from './lookup.ts'

export async function deleteListingRoute ({ shop, params, signal }: RouteContext): Promise<Reply> {
  const running = enabled(shop)
  return jsonReply(ownerListing(shop, await delistListing(running, ownListing(shop, params.id), { signal })))
}
