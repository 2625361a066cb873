// POST /listings CreateListingRequest → 201 OwnerListing. The payee is shop.payoutAddress,
// or the owner pc2-admin names in x-pc2-owner when that setting is `owner`.

import { enabled } from '../context.ts'
import { address, parseCreateListing } from '../inputs.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { createListing } from '../operations/create-listing.ts'
import { ownerListing } from '../views/listing.ts'

export async function createListingRoute ({ shop, headers, readJson, signal }: RouteContext): Promise<Reply> {
  const running = enabled(shop)
  const input = parseCreateListing(await readJson())
  const payout = shop.settings['shop.payoutAddress']
  const payee = payout === 'owner' ? address('x-pc2-owner', headers['x-pc2-owner']) : payout
  const record = await createListing(running, input, payee, { signal })
  return jsonReply(ownerListing(shop, record), 201)
}
