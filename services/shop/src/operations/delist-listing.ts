// DELETE /listings/<id>: delist for good. Pending purchases are still delivered (or
// refunded); a listing already delisted is answered as it is.

import type { AbortOptions } from '@pc2/core'
import { readListing } from '../chain/read.ts'
import { listingSnapshot } from '../chain/snapshot.ts'
import type { EnabledShop } from '../context.ts'
import { publishListing } from '../events/publish.ts'
import type { ListingRecord } from '../store/records.ts'
import { sendAndWait } from './send-and-wait.ts'

export async function delistListing (shop: EnabledShop, record: ListingRecord, options: AbortOptions = {}): Promise<ListingRecord> {
  const id = BigInt(record.listingId)
  if (listingSnapshot(await readListing(shop.chain, id, options)).status !== 'delisted') {
    await sendAndWait(shop, { functionName: 'delist', args: [id] }, { kind: 'listing', action: 'delist', listingId: record.listingId }, options)
  }
  const updated: ListingRecord = { ...(shop.listings.get(record.listingId) ?? record), chain: listingSnapshot(await readListing(shop.chain, id, options)) }
  await shop.listings.save(updated.listingId, updated)
  shop.logger.info('listing delisted', { listingId: updated.listingId })
  publishListing(shop, updated)
  return updated
}
