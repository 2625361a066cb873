// PATCH /listings/<id> UpdateListingRequest → OwnerListing.

import { enabled } from '../context.ts'
import { parseUpdateListing } from '../inputs.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { updateListing } from '../operations/update-listing.ts'
import { ownerListing } from '../views/listing.ts'
import { ownListing } from './lookup.ts'

export async function updateListingRoute ({ shop, params, readJson, signal }: RouteContext): Promise<Reply> {
  const running = enabled(shop)
  const record = ownListing(shop, params.id)
  const input = parseUpdateListing(await readJson())
  return jsonReply(ownerListing(shop, await updateListing(running, record, input, { signal })))
}
