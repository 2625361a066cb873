// Server-sent events: `event: <name>` and one line of JSON per event, the `initial` events
// first, then whatever `subscribe` delivers, and a comment every 15 s so that proxies and
// browsers keep a quiet connection open. The stream ends when the client leaves or the
// server closes.

import type { StreamReply } from './reply.ts'

export interface ServerSentEvent {
  event: string
  data: unknown
}

export const heartbeatMs = 15_000

export const eventStreamHeaders = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-store',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no'
} as const

export function eventStream (name: string, subscribe: (listener: (event: ServerSentEvent) => void) => () => void, initial: ServerSentEvent[] = []): StreamReply {
  return {
    status: 200,
    headers: eventStreamHeaders,
    stream: async (write, signal) => {
      // Events come faster than a slow client reads only briefly; a client that has gone
      // makes write throw, which the abort below ends the stream for anyway.
      const send = (text: string): void => { write(text).catch(() => {}) }
      const sendEvent = ({ event, data }: ServerSentEvent): void => { send(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) }
      send(`: ${name} events\n\n`)
      for (const event of initial) sendEvent(event)
      const unsubscribe = subscribe(sendEvent)
      const heartbeat = setInterval(() => { send(': heartbeat\n\n') }, heartbeatMs)
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
