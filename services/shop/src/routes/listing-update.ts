// PATCH /listings/<id> UpdateListingRequest → OwnerListing.

import { jsonReply } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { parseUpdateListing } from '../inputs.ts'
import { updateListing } from '../operations/update-listing.ts'
import { ownerListing } from '../views/listing.ts'
import { ownListing } from './lookup.ts'

export const updateListingRoute: ShopHandler<'PATCH /listings/:id'> = async ({ shop, params, readJson, signal }) => {
  const running = enabled(shop)
  const record = ownListing(shop, params.id)
  const input = parseUpdateListing(await readJson())
  return jsonReply(ownerListing(shop, await updateListing(running, record, input, { signal })))
}
