// The listeners of the event stream (GET /events): each change of the policy and each
// refused attempt is handed to every one of them.

import type { ServerSentEvent } from '@pc2/core'

export interface EgressEvents {
  publish (event: ServerSentEvent): void
  /** Returns the unsubscribe. */
  subscribe (listener: (event: ServerSentEvent) => void): () => void
}

export function egressEvents (): EgressEvents {
  const listeners = new Set<(event: ServerSentEvent) => void>()
  return {
    publish (event) {
      for (const listener of listeners) listener(event)
    },
    subscribe (listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    }
  }
}
