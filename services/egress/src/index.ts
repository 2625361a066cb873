// pc2-egress — the node's firewall. It builds PC2's policy (policy.ts) from the settings and
// the owner's allowlist, applies it as one nftables transaction, keeps it in step with the
// settings (checked every few seconds; a new chain RPC URL or DHCP's DNS servers apply
// without a restart), and records every refused connection attempt, which it reads from
// NFLOG. Its API (API.md) serves the policy in words, the owner's changes to it, and the
// record, live. A change nftables refuses leaves the rules in force and the allowlist as
// they were. pc2-apps-launcher tells it what each app granted the network may reach, before
// the app's run starts.

import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { appNamePattern, closeServer, InvalidInputError, listenOnSocket, NoNetworkUnitError, NotFoundError, UnitNotFoundError } from '@pc2/core'
import type { AbortOptions, Logger, PolicyWords, RefusedAttempt, ServerSentEvent, Settings } from '@pc2/core'
import { destinationKey } from './destination.ts'
import type { Destination } from './destination.ts'
import { createNft } from './nft/nft.ts'
import type { Nft } from './nft/nft.ts'
import { renderRuleset } from './nft/ruleset.ts'
import { nflogReader } from './nflog/reader.ts'
import type { NflogReader } from './nflog/reader.ts'
import { buildPolicy, tableName, unitSpec, unitSpecs } from './policy.ts'
import type { AppAllowance, PolicyInput, ResolvedDestination, UnitName } from './policy.ts'
import { openBlockedRecord } from './record.ts'
import type { BlockedRecord } from './record.ts'
import { isAddressText } from './address.ts'
import { readResolvers, resolveHost, systemLookup } from './resolve.ts'
import type { NameLookup, Resolution } from './resolve.ts'
import { routes } from './routes.ts'
import { createEgressServer } from './server.ts'
import { allowStore } from './store.ts'
import type { Allowlist, AppGrants, Saved } from './store.ts'

export interface EgressInit {
  /** allow.json and blocked.json (persistent, 0700). */
  stateDir: string
  /** Where api.sock is created (the unit's RuntimeDirectory). */
  runtimeDir: string
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

export interface EgressState {
  /** The policy in force, in words; undefined before the first apply. */
  words (): PolicyWords | undefined
  /** The ruleset text last applied. */
  ruleset (): string
  appliedAt (): string | undefined
  allowlist (): Allowlist
  addDestination (unit: string, destination: Destination, options?: AbortOptions): Promise<{ key: string, added: boolean }>
  removeDestination (unit: string, key: string, options?: AbortOptions): Promise<Destination>
  /** What each app may reach. */
  appGrants (): AppGrants
  /** Makes `destinations` all that `app`'s runs may reach (none: the app's chain goes). Names are resolved first. */
  setAppDestinations (app: string, destinations: Destination[], options?: AbortOptions): Promise<{ changed: boolean }>
  record: BlockedRecord
  subscribe (listener: (event: ServerSentEvent) => void): () => void
}

export interface Egress {
  start (options?: AbortOptions): Promise<void>
  stop (options?: AbortOptions): Promise<void>
  readonly socketPath: string
  readonly state: EgressState
}

export const egressDefaults = {
  stateDir: '/data/egress',
  runtimeDir: '/run/pc2/egress',
  resolvConf: '/run/systemd/resolve/resolv.conf',
  logGroup: 7,
  cgroups: { root: '/sys/fs/cgroup', slice: 'system.slice', level: 2 },
  appCgroupLevel: 4,
  /** At most this many destinations per app (the manifest's own limit is lower). */
  maxAppDestinations: 32
} as const

export function egress (init: EgressInit): (components: EgressComponents) => Egress {
  return ({ logger }) => {
    const socketPath = join(init.runtimeDir, 'api.sock')
    const nft = init.nft ?? createNft()
    const store = allowStore(init.stateDir)
    const cgroups = init.cgroups ?? egressDefaults.cgroups
    const lookupName = init.lookup ?? systemLookup
    const logGroup = init.nflog === false || init.nflog === undefined ? egressDefaults.logGroup : init.nflog.group
    const listeners = new Set<(event: ServerSentEvent) => void>()
    const stopping = new AbortController()
    let settings: Settings | undefined
    let allowlist: Allowlist = {}
    let apps: AppGrants = {}
    let record: BlockedRecord | undefined
    let words: PolicyWords | undefined
    let applied = ''
    let appliedAt: string | undefined
    let server: ReturnType<typeof createEgressServer> | undefined
    let reader: NflogReader | undefined
    let poll: NodeJS.Timeout | undefined
    let pollRunning: Promise<void> | undefined
    const resolutions = new Map<string, { at: number, resolution: Resolution }>()
    const lookups = new Set<string>()
    // Changes are applied one at a time, in order: a settings tick never interleaves with the owner's change.
    let queue: Promise<unknown> = Promise.resolve()
    const serially = async <T>(work: () => Promise<T>): Promise<T> => {
      const result = queue.then(work)
      queue = result.catch(() => {})
      return await result
    }

    /**
     * Addresses answer at once; a host name answers from the cache and is looked up again in
     * the background when its answer is old (or failed a while ago). A lookup that changes
     * the answer brings the rules up to date. So a DNS server that does not answer never
     * holds up a change of the rules; it only leaves that name allowing nothing yet.
     */
    const resolve = async (host: string): Promise<Resolution> => {
      if (isAddressText(host)) return await resolveHost(host, lookupName)
      const known = resolutions.get(host)
      const age = known === undefined ? Infinity : Date.now() - known.at
      const stale = known?.resolution.unresolved === undefined ? age > (init.resolveEveryMs ?? 300_000) : age > 30_000
      if (stale && !lookups.has(host)) {
        lookups.add(host)
        resolveHost(host, lookupName).then((resolution) => {
          const changed = JSON.stringify(resolution) !== JSON.stringify(resolutions.get(host)?.resolution)
          resolutions.set(host, { at: Date.now(), resolution })
          if (changed && !stopping.signal.aborted) void tick()
        }).finally(() => { lookups.delete(host) })
      }
      return known?.resolution ?? { addresses: [], unresolved: `${host} is being looked up` }
    }

    const resolveAll = async (destinations: Destination[]): Promise<ResolvedDestination[]> => await Promise.all(destinations.map(async (destination) => {
      const resolution = await resolve(destination.host)
      return { ...destination, addresses: resolution.addresses, ...(resolution.unresolved === undefined ? {} : { unresolved: resolution.unresolved }) }
    }))

    const policyInput = async (current: Settings, { units: list, apps: grants }: Saved): Promise<PolicyInput> => {
      const owner: Partial<Record<UnitName, ResolvedDestination[]>> = {}
      for (const [unit, destinations] of Object.entries(list) as Array<[UnitName, Destination[]]>) owner[unit] = await resolveAll(destinations)
      const appAllowances: AppAllowance[] = []
      for (const [app, destinations] of Object.entries(grants).sort(([a], [b]) => a.localeCompare(b))) appAllowances.push({ app, destinations: await resolveAll(destinations) })
      const ntp = await Promise.all(current['egress.ntpServers'].map(resolve))
      const dns = current['egress.dnsServers']
      let chainRpc: PolicyInput['chainRpc']
      if (current['shop.rpcUrl'] !== 'off') {
        const url = new URL(current['shop.rpcUrl'])
        const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
        const resolution = await resolve(url.hostname.replace(/^\[|\]$/g, ''))
        chainRpc = { url: current['shop.rpcUrl'], port, addresses: resolution.addresses, ...(resolution.unresolved === undefined ? {} : { unresolved: resolution.unresolved }) }
      }
      return {
        adminPort: current['admin.port'],
        ipfsPort: current['ipfs.port'],
        gatewayPort: current['ipfs.gatewayPort'] === 'auto' ? current['admin.port'] : current['ipfs.gatewayPort'],
        ipfsPublic: current['ipfs.publicNetwork'] === 'on',
        resolvers: dns === 'auto'
          ? await readResolvers(init.resolvConf ?? egressDefaults.resolvConf)
          : (await Promise.all(dns.map(resolve))).flatMap((resolution) => resolution.addresses),
        ntp: { names: current['egress.ntpServers'], addresses: ntp.flatMap((resolution) => resolution.addresses) },
        ...(chainRpc === undefined ? {} : { chainRpc }),
        owner,
        apps: appAllowances,
        appCgroupLevel: init.appCgroupLevel ?? egressDefaults.appCgroupLevel,
        logGroup,
        cgroupLevel: cgroups.level
      }
    }

    /** The policy for `current` and `saved`: the ruleset text and the words. */
    const build = async (current: Settings, saved: Saved): Promise<{ text: string, words: PolicyWords }> => {
      const built = buildPolicy(await policyInput(current, saved))
      return { text: renderRuleset(built.table), words: built.words }
    }

    /** Applies a built policy (unless it is the one in force); throws, changing nothing, when nft refuses. */
    const install = async (built: { text: string, words: PolicyWords }, reason: string, options: AbortOptions = {}): Promise<void> => {
      if (built.text !== applied) {
        await nft.apply(built.text, options)
        applied = built.text
        appliedAt = new Date().toISOString()
        logger.notice('rules applied', { reason })
      }
      words = built.words
      await addRunningCgroups(options)
    }

    const apply = async (current: Settings, saved: Saved, reason: string, options: AbortOptions = {}): Promise<void> => {
      await install(await build(current, saved), reason, options)
    }

    /**
     * systemd adds each unit's cgroup to its set as the unit starts (NFTSet=); this covers a
     * unit that started before the table existed. A unit that stops meanwhile only makes its
     * own line fail.
     */
    const addRunningCgroups = async (options: AbortOptions): Promise<void> => {
      const lines = unitSpecs
        .map((spec) => ({ spec, path: `${cgroups.slice}/${spec.name}.service` }))
        .filter(({ path }) => existsSync(join(cgroups.root, path)))
      for (const { spec, path } of lines) {
        await nft.apply(`add element inet ${tableName} cg_${spec.short} { ${JSON.stringify(path)} }\n`, options).catch((error: unknown) => {
          logger.debug('cannot add a cgroup to its set', { unit: spec.name, error })
        })
      }
    }

    const tick = async (): Promise<void> => {
      try {
        const next = await init.loadSettings({ signal: stopping.signal })
        settings = next
        await serially(async () => { await apply(next, { units: allowlist, apps }, 'settings or network changed', { signal: stopping.signal }) })
      } catch (error) {
        if (!stopping.signal.aborted) logger.warning('cannot bring the rules up to date; the rules in force stay', { error })
      }
      try {
        await record?.save({ signal: stopping.signal })
      } catch (error) {
        if (!stopping.signal.aborted) logger.warning('cannot save the record of refused attempts', { error })
      }
    }

    const checkUnit = (unit: string): UnitName => {
      const spec = unitSpec(unit)
      if (spec === undefined) throw new UnitNotFoundError(`no unit ${JSON.stringify(unit)}; units: ${unitSpecs.filter((known) => known.ownerMayAdd).map((known) => known.name).join(', ')}`, { details: { unit } })
      if (!spec.ownerMayAdd) throw new NoNetworkUnitError(`${spec.name} ${spec.role}; it cannot be allowed any destination`, { details: { unit } })
      return spec.name
    }

    const change = async (next: Saved, reason: string, options: AbortOptions): Promise<void> => {
      if (settings === undefined) throw new Error('pc2-egress has not started')
      // nft checks the new rules first; only then is the list saved and the rules applied.
      const built = await build(settings, next)
      await nft.check(built.text, options)
      await store.save(next, options)
      try {
        await install(built, reason, options)
      } catch (error) {
        await store.save({ units: allowlist, apps }, options)
        throw error
      }
      allowlist = next.units
      apps = next.apps
      publish({ event: 'policy', data: words })
    }

    const checkApp = (app: string): void => {
      if (!appNamePattern.test(app)) throw new InvalidInputError(`app ${JSON.stringify(app)} is not an app name (${appNamePattern.source})`, { details: { field: 'app', value: app } })
    }

    /** Looks up the names among `destinations` now, so that an app's first run already reaches them. */
    const resolveNow = async (destinations: Destination[]): Promise<void> => {
      await Promise.all(destinations.filter((destination) => !isAddressText(destination.host) && !resolutions.has(destination.host)).map(async ({ host }) => {
        resolutions.set(host, { at: Date.now(), resolution: await resolveHost(host, lookupName) })
      }))
    }

    const publish = (event: ServerSentEvent): void => {
      for (const listener of listeners) listener(event)
    }

    const state: EgressState = {
      words: () => words,
      ruleset: () => applied,
      appliedAt: () => appliedAt,
      allowlist: () => allowlist,
      async addDestination (unit, destination, options = {}) {
        const name = checkUnit(unit)
        return await serially(async () => {
          const key = destinationKey(destination)
          const existing = allowlist[name] ?? []
          if (existing.some((known) => destinationKey(known) === key)) return { key, added: false }
          await change({ units: { ...allowlist, [name]: [...existing, destination] }, apps }, `${name} may reach ${key}`, options)
          return { key, added: true }
        })
      },
      async removeDestination (unit, key, options = {}) {
        const name = checkUnit(unit)
        return await serially(async () => {
          const existing = allowlist[name] ?? []
          const removed = existing.find((known) => destinationKey(known) === key)
          if (removed === undefined) throw new NotFoundError(`${name} has no destination ${key}`, { details: { unit: name, key } })
          await change({ units: { ...allowlist, [name]: existing.filter((known) => known !== removed) }, apps }, `${name} may no longer reach ${key}`, options)
          return removed
        })
      },
      appGrants: () => apps,
      async setAppDestinations (app, destinations, options = {}) {
        checkApp(app)
        if (destinations.length > egressDefaults.maxAppDestinations) throw new InvalidInputError(`an app may be granted at most ${egressDefaults.maxAppDestinations} destinations, not ${destinations.length}`, { details: { field: 'destinations' } })
        return await serially(async () => {
          const keys = (list: Destination[] | undefined): string => JSON.stringify((list ?? []).map(destinationKey).sort())
          if (keys(apps[app]) === keys(destinations)) return { changed: false }
          await resolveNow(destinations)
          const next = { ...apps }
          if (destinations.length === 0) delete next[app]
          else next[app] = destinations
          await change({ units: allowlist, apps: next }, destinations.length === 0 ? `app ${app} may reach nothing` : `app ${app} may reach ${destinations.map(destinationKey).join(', ')}`, options)
          return { changed: true }
        })
      },
      get record () {
        if (record === undefined) throw new Error('pc2-egress has not started')
        return record
      },
      subscribe (listener) {
        listeners.add(listener)
        return () => { listeners.delete(listener) }
      }
    }

    return {
      socketPath,
      state,
      async start (options = {}) {
        await mkdir(init.stateDir, { recursive: true, mode: 0o700 })
        record = await openBlockedRecord(join(init.stateDir, 'blocked.json'))
        const saved = await store.load(options)
        allowlist = saved.units
        apps = saved.apps
        settings = await init.loadSettings(options)
        await apply(settings, saved, 'start', options)
        if (init.nflog !== false) {
          const blocked = record
          reader = nflogReader({
            group: logGroup,
            logger,
            ...(init.nflog?.command === undefined ? {} : { command: init.nflog.command }),
            ...(init.nflog?.prefix === undefined ? {} : { prefix: init.nflog.prefix }),
            onPacket: (packet) => {
              const attempt: RefusedAttempt | undefined = blocked.add(packet)
              if (attempt !== undefined) publish({ event: 'refused', data: attempt })
            }
          })
          await reader.start()
        }
        server = createEgressServer(routes, state, logger, stopping.signal)
        await listenOnSocket(server, socketPath, options)
        poll = setInterval(() => { pollRunning ??= tick().finally(() => { pollRunning = undefined }) }, init.pollMs ?? 3000)
        logger.info('listening', { socket: socketPath })
      },
      async stop (options = {}) {
        clearInterval(poll)
        stopping.abort()
        await pollRunning
        await reader?.stop()
        await record?.save().catch((error: unknown) => { logger.warning('cannot save the record of refused attempts', { error }) })
        // The rules stay in force: a stopped pc2-egress must not open the node up.
        if (await closeServer(server, options)) logger.info('closed')
      }
    }
  }
}

export { buildPolicy, unitSpecs } from './policy.ts'
export { renderRuleset } from './nft/ruleset.ts'
export { createNft } from './nft/nft.ts'
