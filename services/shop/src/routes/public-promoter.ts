// GET /public/promoters/<address> → PromoterEarnings, and its event stream
// GET /public/promoters/<address>/events (`purchase` events carrying the new earnings).

import { enabled } from '../context.ts'
import { promoterTopic } from '../events/hub.ts'
import { address } from '../inputs.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply, StreamReply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { eventStream } from '../http/sse.ts'
import { promoterEarnings } from '../views/promoter.ts'

export async function promoter ({ shop, params }: RouteContext): Promise<Reply> {
  enabled(shop)
  return jsonReply(promoterEarnings(shop, address('address', params.address)))
}

export async function promoterEvents ({ shop, params }: RouteContext): Promise<StreamReply> {
  enabled(shop)
  const promoter = address('address', params.address)
  return eventStream(shop.events, promoterTopic(promoter), [{ event: 'purchase', data: promoterEarnings(shop, promoter) }])
}
