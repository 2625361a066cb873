// The shapes of pc2-egress's API (services/egress/API.md), shared with pc2-admin and the web UI.

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

export interface PolicyResponse {
  words: PolicyWords | undefined
  appliedAt: string | undefined
  allowlist: Record<string, Array<{ host: string, protocol: 'tcp' | 'udp', ports?: { from: number, to: number }, note?: string, key: string }>>
  /** What each app granted the network may reach, by app name. */
  apps: Record<string, Array<{ host: string, protocol: 'tcp' | 'udp', ports?: { from: number, to: number }, key: string }>>
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
