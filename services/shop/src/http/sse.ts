// A server-sent event stream of one hub topic: `event: <name>` and one line of JSON per
// event, and a comment every 15 s so that proxies and browsers keep the connection open.

import type { EventHub, ShopEvent } from '../events/hub.ts'
import type { StreamReply } from './reply.ts'

export const heartbeatMs = 15_000

export function eventStream (hub: EventHub, topic: string, initial: ShopEvent[] = []): StreamReply {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
    stream: async (write, signal) => {
      const send = ({ event, data }: ShopEvent): void => { write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) }
      write(': pc2-shop events\n\n')
      for (const event of initial) send(event)
      const unsubscribe = hub.subscribe(topic, send)
      const heartbeat = setInterval(() => { write(': heartbeat\n\n') }, heartbeatMs)
      try {
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve()
          else signal.addEventListener('abort', () => { resolve() }, { once: true })
        })
      } finally {
        clearInterval(heartbeat)
        unsubscribe()
      }
    }
  }
}
