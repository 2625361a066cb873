// The shapes of pc2-egress's API (services/egress/API.md), shared with pc2-admin, the web UI
// and pc2-apps-launcher (which sends what each app granted the network may reach).

import type { Endpoint, StreamEndpoint } from './http/api-contract.ts'
import type { ServiceHealth } from './vault-api.ts'

/** One line of the policy in words, and where it comes from. */
export interface PolicyLine {
  text: string
  source: 'built-in' | 'setting' | 'owner'
  /** The setting it comes from, when source is 'setting'. */
  setting?: string
  /** The API key of an owner's destination (for removing it). */
  key?: string
}

export interface UnitPolicy {
  unit: string
  role: string
  ownerMayAdd: boolean
  /** What the unit may reach; empty means nothing. */
  allowed: PolicyLine[]
}

/** An app granted the network: what its runs may reach, granted by the owner on the Apps page. */
export interface AppPolicy {
  app: string
  allowed: PolicyLine[]
}

export interface PolicyWords {
  always: PolicyLine[]
  incoming: PolicyLine[]
  units: UnitPolicy[]
  apps: AppPolicy[]
  others: string
}

/** A destination as the API states one: a host (address, block or name), a protocol, the ports (none: all). */
export interface DestinationView {
  host: string
  protocol: 'tcp' | 'udp'
  ports?: { from: number, to: number }
  /** The owner's reminder of why. */
  note?: string
  /** How the API names it (to remove it): `<protocol>/<host>/<port, from-to or any>`. */
  key: string
}

export interface PolicyResponse {
  words: PolicyWords | undefined
  appliedAt: string | undefined
  allowlist: Record<string, DestinationView[]>
  /** What each app granted the network may reach, by app name. */
  apps: Record<string, DestinationView[]>
}

export interface RulesetResponse {
  /** The nft transaction last applied (the rules stay in force while pc2-egress is stopped). */
  text: string
  appliedAt: string | undefined
}

/** What the owner (or pc2-apps-launcher, for an app) sends for one destination. */
export interface DestinationRequest {
  host: string
  protocol?: 'tcp' | 'udp'
  /** `443`, `8000-8100`; none: every port. */
  port?: string | number
  note?: string
}

export interface DestinationAdded {
  key: string
  added: boolean
  policy: PolicyResponse
}

export interface DestinationRemoved {
  removed: DestinationView
  policy: PolicyResponse
}

export interface AppDestinationsRequest {
  /** At most 32; an empty list takes the app's network back. */
  destinations: DestinationRequest[]
}

export interface AppDestinationsSet {
  changed: boolean
  policy: PolicyResponse
}

export interface RefusedAttempt {
  /** The unit whose rules refused it, or "other" for a program in no PC2 unit. */
  unit: string
  protocol: string
  destination: string
  port?: number
  at: string
}

export interface RefusedSummary {
  unit: string
  protocol: string
  destination: string
  port?: number
  count: number
  first: string
  last: string
}

export interface BlockedResponse {
  total: number
  byUnit: Record<string, number>
  destinations: RefusedSummary[]
  recent: RefusedAttempt[]
}

/** pc2-egress's routes (API.md): what each takes and answers. */
export interface EgressApi {
  'GET /health': Endpoint<ServiceHealth>
  'GET /policy': Endpoint<PolicyResponse>
  'GET /ruleset': Endpoint<RulesetResponse>
  /** 201 when added, 200 when it was allowed already. */
  'POST /units/:unit/destinations': Endpoint<DestinationAdded, DestinationRequest>
  'DELETE /units/:unit/destinations/:key': Endpoint<DestinationRemoved>
  /** pc2-apps-launcher, before a run of an app granted the network. */
  'PUT /apps/:app/destinations': Endpoint<AppDestinationsSet, AppDestinationsRequest>
  /** `?unit=<unit>|other` narrows it. */
  'GET /blocked': Endpoint<BlockedResponse>
  /** `blocked` (a BlockedResponse, first), `refused` (a RefusedAttempt), `policy` (the PolicyWords after a change). */
  'GET /events': StreamEndpoint
}
