// The policy as GET /policy answers it, and as the answers to the owner's and the apps'
// changes carry it: the words, when it was applied, and the lists with each destination's key.

import type { DestinationView, PolicyResponse } from '@pc2/core'
import type { EgressContext } from './context.ts'
import { destinationKey } from './destination.ts'
import type { Destination } from './destination.ts'

export function policyResponse (egress: EgressContext): PolicyResponse {
  const { rules, saved } = egress
  return { words: rules.words, appliedAt: rules.appliedAt, allowlist: withKeys(saved.units), apps: withKeys(saved.apps) }
}

export function destinationView (destination: Destination): DestinationView {
  return { ...destination, key: destinationKey(destination) }
}

function withKeys (lists: Partial<Record<string, Destination[]>>): Record<string, DestinationView[]> {
  return Object.fromEntries(Object.entries(lists).map(([name, destinations]) => [name, (destinations ?? []).map(destinationView)]))
}
