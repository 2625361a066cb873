// GET /events: the owner's event stream (purchase, listing, status), starting with the
// current status so a fresh page needs no second request.

import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { ownerTopic } from '../events/hub.ts'
import { topicStream } from '../events/stream.ts'
import { shopStatus } from '../views/status.ts'

export const events: ShopHandler<'GET /events'> = async ({ shop, signal }) => {
  enabled(shop)
  return topicStream(shop.events, ownerTopic, [{ event: 'status', data: await shopStatus(shop, { signal }) }])
}
