// pc2-egress — the node's firewall. It builds PC2's policy (policy.ts) from the settings and
// the owner's allowlist, applies it as one nftables transaction, keeps it in step with the
// settings (checked every few seconds; a new chain RPC URL or DHCP's DNS servers apply
// without a restart), and records every refused connection attempt, which it reads from
// NFLOG. Its API (API.md) serves the policy in words, the owner's changes to it, and the
// record, live. A change nftables refuses leaves the rules in force and the allowlist as
// they were. pc2-apps-launcher tells it what each app granted the network may reach, before
// the app's run starts. What it does is in rules/, one operation per file, on the
// EgressContext (context.ts); this file starts and stops it.

import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createRouteServer, serialQueue } from '@pc2/core'
import type { AbortOptions, Logger, RouteServer, Settings } from '@pc2/core'
import type { EgressContext, EgressMachine } from './context.ts'
import { egressDefaults } from './defaults.ts'
import { egressEvents } from './events.ts'
import { createNft } from './nft/nft.ts'
import type { Nft } from './nft/nft.ts'
import type { NflogReader } from './nflog/reader.ts'
import { readRefusals } from './read-refusals.ts'
import { openBlockedRecord } from './record.ts'
import { systemLookup } from './resolve.ts'
import type { NameLookup } from './resolve.ts'
import { routes } from './routes.ts'
import { buildRules } from './rules/build-rules.ts'
import { installRules } from './rules/install-rules.ts'
import { resolutionCache } from './rules/resolution-cache.ts'
import { settingsTick } from './rules/settings-tick.ts'
import { allowStore } from './store.ts'

export interface EgressInit {
  /** allow.json and blocked.json (persistent, 0700). */
  stateDir: string
  /** The API socket (core's serviceSockets.egress in the appliance). */
  socketPath: string
  loadSettings: (options?: AbortOptions) => Promise<Settings>
  /** How often settings and DHCP's DNS servers are looked at again (default 3 s). */
  pollMs?: number
  /** How often host names are resolved again (default 5 min). */
  resolveEveryMs?: number
  nft?: Nft
  /** NFLOG group refused packets go to, and how to read it; false: do not read it (unit tests). */
  nflog?: { group: number, command?: string, prefix?: string[] } | false
  /** systemd-resolved's resolv.conf, whose nameservers are the DNS servers when egress.dnsServers=auto. */
  resolvConf?: string
  lookup?: NameLookup
  /** Where units' cgroups are: `<root>/<slice>/<unit>.service`, at depth `level`. */
  cgroups?: { root: string, slice: string, level: number }
  /** Depth of an app run's transient unit's cgroup (default 4: pc2.slice/pc2-app.slice/pc2-app-runs.slice/<run>). */
  appCgroupLevel?: number
}

export type EgressComponents = { logger: Logger }

export interface Egress {
  start (options?: AbortOptions): Promise<void>
  /** Stops watching and reading; the rules stay in force (a stopped pc2-egress must not open the node up). */
  stop (options?: AbortOptions): Promise<void>
  readonly socketPath: string
  /** What the operations of rules/ work with, once started (tests call them on it). */
  readonly context: EgressContext
}

/** Destinations are a host, a protocol, a port and a short note. */
const jsonBodyBytes = 4 * 1024

export function egress (init: EgressInit): (components: EgressComponents) => Egress {
  return ({ logger }) => {
    const machine: EgressMachine = {
      resolvConf: init.resolvConf ?? egressDefaults.resolvConf,
      cgroups: init.cgroups ?? egressDefaults.cgroups,
      appCgroupLevel: init.appCgroupLevel ?? egressDefaults.appCgroupLevel,
      logGroup: init.nflog === false || init.nflog === undefined ? egressDefaults.logGroup : init.nflog.group
    }
    const stopping = new AbortController()
    let context: EgressContext | undefined
    let server: RouteServer | undefined
    let reader: NflogReader | undefined
    let poll: NodeJS.Timeout | undefined
    let pollRunning: Promise<void> | undefined

    return {
      socketPath: init.socketPath,
      get context () {
        if (context === undefined) throw new Error('pc2-egress has not started')
        return context
      },
      async start (options = {}) {
        await mkdir(init.stateDir, { recursive: true, mode: 0o700 })
        const store = allowStore(init.stateDir)
        const egress: EgressContext = {
          logger,
          machine,
          nft: init.nft ?? createNft(),
          store,
          loadSettings: init.loadSettings,
          record: await openBlockedRecord(join(init.stateDir, 'blocked.json')),
          saved: await store.load(options),
          settings: await init.loadSettings(options),
          rules: { text: '', words: undefined, appliedAt: undefined },
          resolutions: resolutionCache({
            lookup: init.lookup ?? systemLookup,
            refreshMs: init.resolveEveryMs ?? egressDefaults.resolveEveryMs,
            onChange: () => { if (!stopping.signal.aborted) void settingsTick(egress) }
          }),
          events: egressEvents(),
          changes: serialQueue(),
          stopping: stopping.signal
        }
        context = egress
        await installRules(egress, await buildRules(egress, egress.settings, egress.saved), 'start', options)
        if (init.nflog !== false) reader = await readRefusals(egress, init.nflog ?? {})
        server = createRouteServer(routes, { name: 'pc2-egress', state: { egress }, logger, limits: { jsonBodyBytes } })
        await server.listen({ socket: init.socketPath }, options)
        poll = setInterval(() => { pollRunning ??= settingsTick(egress).finally(() => { pollRunning = undefined }) }, init.pollMs ?? egressDefaults.pollMs)
      },
      async stop (options = {}) {
        clearInterval(poll)
        stopping.abort(new Error('pc2-egress is stopping'))
        // Requests in flight are told to stop at once, as the settings tick is.
        const closing = server?.close(options)
        await pollRunning
        await reader?.stop()
        await context?.record.save().catch((error: unknown) => { logger.warning('cannot save the record of refused attempts', { error }) })
        await closing
      }
    }
  }
}

export { egressDefaults } from './defaults.ts'
export { buildPolicy, unitSpecs } from './policy.ts'
export { renderRuleset } from './nft/ruleset.ts'
export { createNft } from './nft/nft.ts'
