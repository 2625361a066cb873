// PATCH /listings/<id>: price, commission and pause go to the chain (one transaction each,
// only when they change); title and description are this node's alone.

import type { AbortOptions } from '@pc2/core'
import { readListing } from '../chain/read.ts'
import { listingSnapshot } from '../chain/snapshot.ts'
import type { EnabledShop } from '../context.ts'
import { publishListing } from '../events/publish.ts'
import type { UpdateListingInput } from '../inputs.ts'
import type { ListingRecord } from '../store/records.ts'
import { sendAndWait } from './send-and-wait.ts'

export async function updateListing (shop: EnabledShop, record: ListingRecord, input: UpdateListingInput, options: AbortOptions = {}): Promise<ListingRecord> {
  const id = BigInt(record.listingId)
  const purpose = (action: string) => ({ kind: 'listing' as const, action, listingId: record.listingId })
  let current = listingSnapshot(await readListing(shop.chain, id, options))
  if (input.price !== undefined && input.price.toString() !== current.price) {
    await sendAndWait(shop, { functionName: 'setPrice', args: [id, input.price] }, purpose('setPrice'), options)
  }
  if (input.commissionBps !== undefined && input.commissionBps !== current.commissionBps) {
    await sendAndWait(shop, { functionName: 'setCommission', args: [id, input.commissionBps] }, purpose('setCommission'), options)
  }
  if (input.paused !== undefined && input.paused !== (current.status === 'paused')) {
    await sendAndWait(shop, { functionName: 'setPaused', args: [id, input.paused] }, purpose('setPaused'), options)
  }
  current = listingSnapshot(await readListing(shop.chain, id, options))
  const latest = shop.listings.get(record.listingId) ?? record
  const updated: ListingRecord = {
    ...latest,
    ...(input.title === undefined ? {} : { title: input.title }),
    ...(input.description === undefined ? {} : { description: input.description }),
    chain: current
  }
  await shop.listings.save(updated.listingId, updated)
  shop.logger.info('listing updated', { listingId: updated.listingId, status: current.status })
  publishListing(shop, updated)
  return updated
}
