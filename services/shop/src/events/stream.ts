// A server-sent event stream of one hub topic (core's eventStream): `initial` first, then
// every event published on the topic until the client leaves or the shop stops.

import { eventStream } from '@pc2/core'
import type { StreamReply } from '@pc2/core'
import type { EventHub, ShopEvent } from './hub.ts'

export function topicStream (hub: EventHub, topic: string, initial: ShopEvent[]): StreamReply {
  return eventStream('pc2-shop', (listener) => hub.subscribe(topic, listener), initial)
}
