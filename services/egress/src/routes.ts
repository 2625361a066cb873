// Every route of pc2-egress's API (API.md next to this directory).

import { eventStream, InvalidInputError, jsonReply } from '@pc2/core'
import { destinationKey, parseDestination } from './destination.ts'
import type { Destination } from './destination.ts'
import type { Route, RouteContext } from './server.ts'

function withKeys (list: Partial<Record<string, Destination[]>>): Record<string, Array<Destination & { key: string }>> {
  return Object.fromEntries(Object.entries(list).map(([name, destinations]) => [name, (destinations ?? []).map((destination) => ({ ...destination, key: destinationKey(destination) }))]))
}

function policy ({ egress }: RouteContext): unknown {
  return { words: egress.words(), appliedAt: egress.appliedAt(), allowlist: withKeys(egress.allowlist()), apps: withKeys(egress.appGrants()) }
}

/** `{ "destinations": [{ "host", "port", "protocol"? }, …] }`: each as the owner's are, the index named when one is wrong. */
function readAppDestinations (body: unknown): Destination[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { destinations?: unknown }).destinations)) throw new InvalidInputError('expected { "destinations": [{ "host", "port" }, …] }', { details: { field: 'destinations' } })
  return (body as { destinations: unknown[] }).destinations.map((item: unknown, index: number) => {
    try {
      return parseDestination(item)
    } catch (error) {
      throw new InvalidInputError(`destinations[${index}]: ${(error as Error).message}`, { details: { field: `destinations[${index}]` }, cause: error })
    }
  })
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
    // pc2-apps-launcher, before a run of an app granted the network (an empty list takes it all back).
    method: 'PUT',
    path: '/apps/:app/destinations',
    handler: async (context) => {
      const { changed } = await context.egress.setAppDestinations(context.params.app!, readAppDestinations(await context.readJson()), { signal: context.signal })
      return jsonReply({ changed, policy: policy(context) })
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
