// The listing a path names, if it is one of this node's: 404 ListingNotFoundError otherwise
// (a listing of another seller on the same contract is not ours to show or change).

import { ListingNotFoundError } from '@pc2/core'
import type { ShopContext } from '../context.ts'
import { parseId } from '../inputs.ts'
import type { ListingRecord } from '../store/records.ts'

export function ownListing (shop: ShopContext, text: string): ListingRecord {
  const id = parseId('listingId', text).toString()
  const record = shop.listings.get(id)
  if (record === undefined) throw new ListingNotFoundError(`listing ${id} is not one of this node's listings`, { details: { listingId: id } })
  return record
}
