// What every pc2-egress operation works with (the files of rules/), built once at start:
// where this machine keeps what the policy depends on, the settings and the owner's list as
// they are in force, the rules last applied, the cache of looked-up names, the record of
// refusals and the event stream's listeners. Route handlers get it as `egress`, beside their
// request.

import type { AbortOptions, ApiHandler, EgressApi, Logger, PolicyWords, RouteRequest, SerialQueue, Settings } from '@pc2/core'
import type { EgressEvents } from './events.ts'
import type { Nft } from './nft/nft.ts'
import type { BlockedRecord } from './record.ts'
import type { ResolutionCache } from './rules/resolution-cache.ts'
import type { AllowStore, Saved } from './store.ts'

/** What the policy takes from this machine rather than from the settings. */
export interface EgressMachine {
  /** systemd-resolved's resolv.conf, whose nameservers are the DNS servers when egress.dnsServers=auto. */
  resolvConf: string
  /** Where units' cgroups are: `<root>/<slice>/<unit>.service`, at depth `level`. */
  cgroups: { root: string, slice: string, level: number }
  /** Depth of an app run's transient unit's cgroup. */
  appCgroupLevel: number
  /** NFLOG group refused packets go to. */
  logGroup: number
}

/** The rules in force. */
export interface RulesInForce {
  /** The nft transaction last applied. */
  text: string
  /** The policy in words; undefined before the first apply. */
  words: PolicyWords | undefined
  appliedAt: string | undefined
}

export interface EgressContext {
  logger: Logger
  machine: EgressMachine
  nft: Nft
  /** allow.json. */
  store: AllowStore
  /** Reads the settings files again. */
  loadSettings: (options?: AbortOptions) => Promise<Settings>
  /** The settings last read. */
  settings: Settings
  /** The owner's destinations and the apps' grants in force, as allow.json has them. */
  saved: Saved
  rules: RulesInForce
  resolutions: ResolutionCache
  record: BlockedRecord
  events: EgressEvents
  /** Changes are applied one at a time, in order: a settings tick never interleaves with the owner's change. */
  changes: SerialQueue
  /** Aborts when the service stops. */
  stopping: AbortSignal
}

export type EgressRouteContext = RouteRequest & { egress: EgressContext }

/** A route of EgressApi, its params and reply typed by the contract. */
export type EgressHandler<Key extends keyof EgressApi> = ApiHandler<EgressApi, Key, EgressRouteContext>
