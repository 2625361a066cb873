// GET /events: the owner's event stream (purchase, listing, status), starting with the
// current status so a fresh page needs no second request.

import { enabled } from '../context.ts'
import { ownerTopic } from '../events/hub.ts'
import type { StreamReply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { eventStream } from '../http/sse.ts'
import { shopStatus } from '../views/status.ts'

export async function events ({ shop, signal }: RouteContext): Promise<StreamReply> {
  enabled(shop)
  return eventStream(shop.events, ownerTopic, [{ event: 'status', data: await shopStatus(shop, { signal }) }])
}
