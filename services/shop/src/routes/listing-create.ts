// POST /listings CreateListingRequest → 201 OwnerListing. The payee is shop.payoutAddress,
// or the owner pc2-admin names in x-pc2-owner when that setting is `owner`.

import { jsonReply } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { address, parseCreateListing } from '../inputs.ts'
import { createListing } from '../operations/create-listing.ts'
import { ownerListing } from '../views/listing.ts'

export const createListingRoute: ShopHandler<'POST /listings'> = async ({ shop, headers, readJson, signal }) => {
  const running = enabled(shop)
  const input = parseCreateListing(await readJson())
  const payout = shop.settings['shop.payoutAddress']
  const payee = payout === 'owner' ? address('x-pc2-owner', headers['x-pc2-owner']) : payout
  const record = await createListing(running, input, payee, { signal })
  return jsonReply(ownerListing(shop, record), 201)
}
