// Every route of pc2-egress's API (API.md next to this directory).

import { eventStream, jsonReply } from '@pc2/core'
import { destinationKey, parseDestination } from './destination.ts'
import type { Route, RouteContext } from './server.ts'

function policy ({ egress }: RouteContext): unknown {
  const allowlist = Object.fromEntries(Object.entries(egress.allowlist()).map(([unit, destinations]) => [unit, destinations.map((destination) => ({ ...destination, key: destinationKey(destination) }))]))
  return { words: egress.words(), appliedAt: egress.appliedAt(), allowlist }
}

export const routes: readonly Route[] = [
  { method: 'GET', path: '/health', handler: async () => jsonReply({ ok: true }) },
  { method: 'GET', path: '/policy', handler: async (context) => jsonReply(policy(context)) },
  { method: 'GET', path: '/ruleset', handler: async ({ egress }) => jsonReply({ text: egress.ruleset(), appliedAt: egress.appliedAt() }) },
  {
    method: 'POST',
    path: '/units/:unit/destinations',
    handler: async (context) => {
      const destination = parseDestination(await context.readJson())
      const { key, added } = await context.egress.addDestination(context.params.unit!, destination, { signal: context.signal })
      return jsonReply({ key, added, policy: policy(context) }, added ? 201 : 200)
    }
  },
  {
    method: 'DELETE',
    path: '/units/:unit/destinations/:key',
    handler: async (context) => {
      const removed = await context.egress.removeDestination(context.params.unit!, context.params.key!, { signal: context.signal })
      return jsonReply({ removed: { ...removed, key: destinationKey(removed) }, policy: policy(context) })
    }
  },
  {
    method: 'GET',
    path: '/blocked',
    handler: async ({ egress, query }) => {
      const unit = query.get('unit')
      return jsonReply(egress.record.summary(unit === null ? {} : { unit }))
    }
  },
  {
    method: 'GET',
    path: '/events',
    handler: async ({ egress }) => eventStream('pc2-egress', (listener) => egress.subscribe(listener), [{ event: 'blocked', data: egress.record.summary() }])
  }
]
