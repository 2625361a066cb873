// A server-sent event stream of one hub topic (core's eventStream).

import { eventStream as coreEventStream } from '@pc2/core'
import type { StreamReply } from '@pc2/core'
import type { EventHub, ShopEvent } from '../events/hub.ts'

export { heartbeatMs } from '@pc2/core'

export function eventStream (hub: EventHub, topic: string, initial: ShopEvent[] = []): StreamReply {
  return coreEventStream('pc2-shop', (listener) => hub.subscribe(topic, listener as (event: ShopEvent) => void), initial)
}
