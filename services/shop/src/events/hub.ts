// Fan-out of the shop's events to the open event streams. Topics: `owner` (every purchase,
// listing and status change) and `promoter:<address in lower case>` (that promoter's
// earnings whenever one of their purchases changes).

import type { ShopEventName } from '@pc2/core'

export interface ShopEvent {
  event: ShopEventName
  data: unknown
}

export interface EventHub {
  publish (topic: string, event: ShopEvent): void
  subscribe (topic: string, listener: (event: ShopEvent) => void): () => void
}

export function eventHub (): EventHub {
  const listeners = new Map<string, Set<(event: ShopEvent) => void>>()
  return {
    publish (topic, event) {
      for (const listener of listeners.get(topic) ?? []) listener(event)
    },
    subscribe (topic, listener) {
      const set = listeners.get(topic) ?? new Set()
      set.add(listener)
      listeners.set(topic, set)
      return () => {
        set.delete(listener)
        if (set.size === 0) listeners.delete(topic)
      }
    }
  }
}

export const ownerTopic = 'owner'

export function promoterTopic (address: string): string {
  return `promoter:${address.toLowerCase()}`
}
