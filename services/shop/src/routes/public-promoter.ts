// GET /public/promoters/<address> → PromoterEarnings, and its event stream
// GET /public/promoters/<address>/events (`purchase` events carrying the new earnings).

import { jsonReply } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { promoterTopic } from '../events/hub.ts'
import { topicStream } from '../events/stream.ts'
import { address } from '../inputs.ts'
import { promoterEarnings } from '../views/promoter.ts'

export const promoter: ShopHandler<'GET /public/promoters/:address'> = async ({ shop, params }) => {
  enabled(shop)
  return jsonReply(promoterEarnings(shop, address('address', params.address)))
}

export const promoterEvents: ShopHandler<'GET /public/promoters/:address/events'> = async ({ shop, params }) => {
  enabled(shop)
  const promoter = address('address', params.address)
  return topicStream(shop.events, promoterTopic(promoter), [{ event: 'purchase', data: promoterEarnings(shop, promoter) }])
}
