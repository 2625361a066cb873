// pc2-apps-launcher: the one root part of the apps runtime. pc2-apps (unprivileged) cannot
// start systemd units; it asks here, over a Unix socket only it can reach, and this starts
// each run as a transient unit of its own (`systemd-run --pipe --wait`): its own dynamic
// user, no network — or, for an app granted destinations, only those, through the app's own
// chain in pc2-egress, which it is told of first — nothing of /data but its app's folder, its own MemoryMax, CPUQuota,
// TasksMax and RuntimeMaxSec. Only the validated fields of the request shape the unit; the
// command is always the node-wasi child this image was built with, and what the run is (its
// args, environment and module) travels on its stdin, which is relayed as bytes.
//
// App folders live in a root-owned directory, so pc2-apps cannot swap one for a symlink to
// another service's data before a run binds it; this makes them (root:pc2-app-data, 2770)
// and deletes them at uninstall.

import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { chmod, chown, lchown, lstat, mkdir, readdir, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'
import { join } from 'node:path'
import { appCgroupSet, appNamePattern, ConfigError, InvalidInputError, listenOnSocket, serviceClient, ServiceError, UnavailableError } from '@pc2/core'
import type { AbortOptions, EgressApi, Logger, ServiceClient } from '@pc2/core'
import { isDestination, manifestLimits } from '../manifest.ts'
import { childExitCodes, maxAppExitCode } from '../runner/runner.ts'
import { removeThroughTrash } from '../store/remove-folder.ts'
import { directoryUsageBytes } from '../store/usage.ts'
import { frame, FrameReader } from './protocol.ts'
import type { LaunchRequest, RunEnd } from './protocol.ts'

export const launchLimits = { maxMemoryMiB: 1024, maxTimeoutMs: 60 * 60_000, runtimeMiB: 128, tasks: 32, cpuQuota: '100%', connections: 16 } as const

export interface AppLauncherInit {
  socketPath: string
  /** Where the apps' folders are: root-owned, writable by root alone. */
  appsDir: string
  /** The group that owns the folders: pc2-apps is a member, and so is every run. */
  dataGroup: { name: string, gid: number }
  node: string
  childScript: string
  systemdRun?: string
  systemctl?: string
  /** The slice every run's unit goes in (its MemoryMax caps all runs together). */
  slice?: string
  /** pc2-egress's socket, told what an app granted the network may reach before its run; none: such runs are refused. */
  egressSocket?: string
  logger: Logger
}

export interface AppLauncher {
  /** The socket's path. */
  readonly socketPath: string
  start (options?: AbortOptions): Promise<void>
  stop (options?: AbortOptions): Promise<void>
}

/** Checks a launch request field by field; the error names the first wrong one. */
export function readLaunchRequest (value: unknown): LaunchRequest {
  const refuse = (field: string, expected: string): never => {
    throw new InvalidInputError(`launch request: ${field} must be ${expected}`, { details: { field, expected } })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) refuse('the request', 'a JSON object')
  const record = value as Record<string, unknown>
  const unknown = Object.keys(record).find((key) => !['app', 'memoryMiB', 'timeoutMs', 'storage', 'network'].includes(key))
  if (unknown !== undefined) refuse(unknown, 'absent (not a launch request field)')
  if (typeof record.app !== 'string' || !appNamePattern.test(record.app)) refuse('app', 'an app name (1 to 32 lower-case letters, digits and -, starting with a letter)')
  // A grant may be less than a MiB (a few 64 KiB pages); the unit's limit is rounded up.
  if (typeof record.memoryMiB !== 'number' || !(record.memoryMiB > 0) || record.memoryMiB > launchLimits.maxMemoryMiB) refuse('memoryMiB', `a number of MiB above 0, at most ${launchLimits.maxMemoryMiB}`)
  if (!Number.isInteger(record.timeoutMs) || (record.timeoutMs as number) < 1 || (record.timeoutMs as number) > launchLimits.maxTimeoutMs) refuse('timeoutMs', `a whole number of milliseconds from 1 to ${launchLimits.maxTimeoutMs}`)
  if (typeof record.storage !== 'boolean') refuse('storage', 'true or false')
  if (record.network !== undefined && (!Array.isArray(record.network) || record.network.length > manifestLimits.maxDestinations || !record.network.every(isDestination))) {
    refuse('network', `a list of at most ${manifestLimits.maxDestinations} host:port destinations`)
  }
  return record as unknown as LaunchRequest
}

/**
 * The dynamic user an app's runs have: one name per app, so each run reads what the last
 * wrote whatever modes the app chose (systemd picks its UID from a hash of the name, so it is
 * the same after a reboot too). Names are at most 31 characters, as systemd wants them.
 */
export function runUserName (app: string): string {
  const full = `pc2-app-${app}`
  if (full.length <= 31) return full
  return `pc2-app-${app.slice(0, 14)}-${createHash('sha256').update(app).digest('hex').slice(0, 8)}`
}

/** What a run with the network may never reach, whatever it was granted: loopback, link-local and multicast. */
export const runDeniedPrefixes = '127.0.0.0/8 ::1/128 169.254.0.0/16 fe80::/10 224.0.0.0/4 ff00::/8'

/** `host:port` (the manifest's form) as pc2-egress takes a destination. */
export function egressDestination (destination: string): { host: string, port: number, protocol: 'tcp' } {
  const colon = destination.lastIndexOf(':')
  return { host: destination.slice(0, colon).replace(/^\[|\]$/g, '').toLowerCase(), port: Number(destination.slice(colon + 1)), protocol: 'tcp' }
}

/** The transient unit's properties for one run: what systemd-run gets as `-p`. */
export function unitProperties (request: LaunchRequest, init: Pick<AppLauncherInit, 'appsDir' | 'dataGroup' | 'slice'>): string[] {
  const networked = (request.network ?? []).length > 0
  const network = networked
    // The unit shares the node's network, and pc2-egress sees it by its cgroup: in the app's
    // set, its packets go through the app's chain alone. Name lookups go to the local
    // resolver; nothing else on the node's loopback or link is reachable. (systemd-run takes
    // prefixes only, not a unit file's `localhost link-local multicast`.)
    ? ['PrivateNetwork=no', `NFTSet=cgroup:inet:pc2:${appCgroupSet(request.app)}`, `IPAddressDeny=${runDeniedPrefixes}`, 'IPAddressAllow=127.0.0.53/32', 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6']
    : ['PrivateNetwork=yes', 'IPAddressDeny=any', 'RestrictAddressFamilies=AF_UNIX']
  const properties = [
    'DynamicUser=yes', `User=${runUserName(request.app)}`,
    ...network,
    'CapabilityBoundingSet=', 'NoNewPrivileges=yes',
    'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'PrivateDevices=yes', 'PrivateIPC=yes',
    'ProtectKernelTunables=yes', 'ProtectKernelModules=yes', 'ProtectKernelLogs=yes', 'ProtectControlGroups=yes',
    'ProtectClock=yes', 'ProtectHostname=yes', 'ProtectProc=invisible', 'ProcSubset=pid',
    'RestrictNamespaces=yes', 'RestrictRealtime=yes', 'RestrictSUIDSGID=yes', 'LockPersonality=yes',
    'SystemCallArchitectures=native', 'SystemCallFilter=@system-service', 'SystemCallFilter=~@privileged', 'SystemCallErrorNumber=EPERM',
    'UMask=0007',
    // Nothing of /data is there but, with storage granted, the app's own folder.
    'TemporaryFileSystem=/data',
    ...(request.storage ? [`BindPaths=${join(init.appsDir, request.app)}`, `SupplementaryGroups=${init.dataGroup.name}`] : []),
    `MemoryMax=${Math.ceil(request.memoryMiB) + launchLimits.runtimeMiB}M`, 'MemorySwapMax=0',
    `TasksMax=${launchLimits.tasks}`, `CPUQuota=${launchLimits.cpuQuota}`,
    `RuntimeMaxSec=${Math.ceil(request.timeoutMs / 1000) + 5}`,
    ...(init.slice === undefined ? [] : [`Slice=${init.slice}`])
  ]
  return properties.flatMap((property) => ['-p', property])
}

/** The exit codes a run's child itself gives (runner.ts); anything else is systemd's verdict. */
function isChildCode (code: number | null): boolean {
  return code === 0 || code === childExitCodes.trapped || code === childExitCodes.memory || code === childExitCodes.failed ||
    (code !== null && code > childExitCodes.appOffset && code <= childExitCodes.appOffset + maxAppExitCode)
}

async function output (command: string, args: string[]): Promise<{ code: number | null, stdout: string }> {
  return await new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
    child.once('error', () => resolve({ code: null, stdout }))
    child.once('close', (code) => resolve({ code, stdout }))
  })
}

export function appLauncher (init: AppLauncherInit): AppLauncher {
  const systemdRun = init.systemdRun ?? 'systemd-run'
  const systemctl = init.systemctl ?? 'systemctl'
  const logger = init.logger
  let server: Server | undefined
  const sockets = new Set<Socket>()

  const folderOf = (app: string): string => join(init.appsDir, app)

  /** The app's folder, made if missing, and always root:data group, 2770, a real directory. */
  async function ensureFolder (app: string): Promise<void> {
    const folder = folderOf(app)
    const stats = await lstat(folder).catch((error: NodeJS.ErrnoException) => { if (error.code === 'ENOENT') return undefined; throw error })
    if (stats === undefined) await mkdir(folder, { mode: 0o770 })
    else if (!stats.isDirectory()) throw new InvalidInputError(`${folder} is not a directory; not binding it into a run`, { details: { folder } })
    else if (stats.uid !== 0 || stats.gid !== init.dataGroup.gid) await adoptContents(folder)
    await chown(folder, 0, init.dataGroup.gid)
    // setgid: what a run makes inside keeps the group, so pc2-apps can count and delete it.
    await chmod(folder, 0o2770)
  }

  /**
   * A folder from before the launcher (pc2-apps made and owned it, and its runs wrote as
   * pc2-apps): everything in it passes to the data group, readable and writable by the group,
   * so that the runs' dynamic users can use what the app kept. Links are re-owned, never followed.
   */
  async function adoptContents (folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      await lchown(path, 0, init.dataGroup.gid)
      if (entry.isSymbolicLink()) continue
      if (entry.isDirectory()) {
        await adoptContents(path)
        await chmod(path, 0o2770)
      } else {
        await chmod(path, ((await lstat(path)).mode & 0o777) | 0o660)
      }
    }
    logger.info(`${folder}: taken over from an earlier layout, now root:${init.dataGroup.name}`, { folder })
  }

  async function removeFolder (app: string): Promise<void> {
    // The trash left by a power cut is emptied by start().
    await removeThroughTrash(folderOf(app), join(init.appsDir, `.trash-${app}-${Date.now()}`))
  }

  /** What systemd-run's exit says about the run, as the child's own exit codes. */
  async function settle (unit: string, code: number | null, signal: NodeJS.Signals | null, stderr: (line: string) => void): Promise<RunEnd> {
    if (code === 0) return { code, signal }
    let end: RunEnd = { code, signal }
    if (!isChildCode(code)) {
      // The unit ended by systemd's verdict, not the program's exit: ask which.
      const result = (await output(systemctl, ['show', '--property=Result', '--value', unit])).stdout.trim()
      if (result === 'oom-kill') {
        stderr('the run was killed at its memory limit (the unit\'s MemoryMax)')
        end = { code: childExitCodes.memory, signal: null }
      } else if (result === 'timeout') {
        stderr('the run was stopped at its unit\'s RuntimeMaxSec')
        end = { code: null, signal: 'SIGKILL' }
      } else if (result === 'signal' || result === 'core-dump') {
        end = { code: null, signal: signal ?? 'SIGKILL' }
      } else {
        stderr(`the run's unit ${unit} failed (systemd's result: ${result === '' ? 'unknown' : result}; systemd-run exited with ${code ?? signal})`)
        end = { code: childExitCodes.failed, signal: null }
      }
    }
    // A unit that failed (any exit but 0) stays loaded as failed until it is reset.
    await output(systemctl, ['reset-failed', unit])
    return end
  }

  const egress = init.egressSocket === undefined ? undefined : serviceClient<EgressApi>({ name: 'pc2-egress', socketPath: init.egressSocket, timeoutMs: 15_000 })
  /**
   * The apps pc2-egress holds destinations for, read from it at start and kept with every
   * change this launcher makes. Until it is known (pc2-egress not up yet), any app may have some.
   */
  let opened: Set<string> | undefined = egress === undefined ? new Set() : undefined
  /** What this launcher changed while the policy was being read: newer than the policy's answer may be. */
  const changedMeanwhile = new Map<string, boolean>()

  async function readOpened (client: ServiceClient<EgressApi>): Promise<void> {
    const { apps } = await client.call('GET /policy')
    const known = new Set(Object.entries(apps).filter(([, destinations]) => destinations.length > 0).map(([app]) => app))
    for (const [app, open] of changedMeanwhile) open ? known.add(app) : known.delete(app)
    changedMeanwhile.clear()
    opened ??= known
  }

  /** Tells pc2-egress what `app`'s runs may reach (none: takes it all back). */
  async function grantNetwork (app: string, network: string[]): Promise<void> {
    if (egress === undefined) {
      if (network.length === 0) return
      throw new UnavailableError(`${app} was granted the network, but this launcher has no pc2-egress to open it through`, { details: { app } })
    }
    try {
      await egress.call('PUT /apps/:app/destinations', { params: { app }, json: { destinations: network.map(egressDestination) } })
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error
      throw new UnavailableError(`pc2-egress did not take ${app}'s destinations: ${error.message}`, { details: { app, status: error.status } })
    }
    if (opened === undefined) changedMeanwhile.set(app, network.length > 0)
    else if (network.length > 0) opened.add(app)
    else opened.delete(app)
  }

  /** A run without the network takes back what an earlier grant opened (so no stale chain stays); it waits for nothing, and asks only when something may be open. */
  function closeNetwork (app: string): void {
    if (opened !== undefined && !opened.has(app)) return
    void grantNetwork(app, []).catch((error: unknown) => { logger.debug(`${app}: cannot tell pc2-egress it has no network`, { app, error }) })
  }

  function serveRun (socket: Socket, request: LaunchRequest, pending: Buffer[]): { input: (type: string, payload: Buffer) => void } {
    const unit = `pc2-app-${request.app}-${randomBytes(4).toString('hex')}.service`
    const argv = ['--quiet', '--pipe', '--wait', '--service-type=exec', `--unit=${unit}`, `--description=PC2 app ${request.app}`,
      ...unitProperties(request, init), '--', init.node, '--no-warnings', '--max-old-space-size=64', init.childScript]
    const started = performance.now()
    const child: ChildProcess = spawn(systemdRun, argv, { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } })
    let ended = false
    child.stdin?.on('error', () => {})
    child.stdout?.on('data', (chunk: Buffer) => socket.write(frame('O', chunk)))
    child.stderr?.on('data', (chunk: Buffer) => socket.write(frame('X', chunk)))
    const note = (line: string): void => { socket.write(frame('X', `\npc2-launcher: ${line}\n`)) }
    child.once('error', (error) => {
      ended = true
      socket.end(frame('F', { name: 'UnavailableError', message: `cannot start ${systemdRun}: ${error.message}` }))
    })
    child.once('close', (code, signal) => {
      if (ended) return
      ended = true
      void settle(unit, code, signal, note).then((end) => {
        logger.info(`${request.app}: ${unit} ended`, { app: request.app, unit, code: end.code, signal: end.signal, ms: Math.round(performance.now() - started) })
        socket.end(frame('C', end))
      })
    })
    // The caller hung up (or timed the run out): the unit is killed, not left to run.
    socket.once('close', () => {
      if (!ended) void output(systemctl, ['kill', '--signal=SIGKILL', unit])
    })
    logger.info(`${request.app}: starting ${unit}`, { app: request.app, unit, memoryMiB: request.memoryMiB, storage: request.storage, network: request.network ?? [] })
    const input = (type: string, payload: Buffer): void => {
      if (type === 'I') child.stdin?.write(payload)
      else if (type === 'E') child.stdin?.end()
      else throw new InvalidInputError(`launch: a ${JSON.stringify(type)} frame during a run`)
    }
    for (const chunk of pending) input('I', chunk)
    return { input }
  }

  function serve (socket: Socket): void {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    if (sockets.size > launchLimits.connections) {
      socket.end(frame('F', { name: 'UnavailableError', message: `the launcher serves at most ${launchLimits.connections} runs at once` }))
      return
    }
    const reader = new FrameReader()
    let run: { input: (type: string, payload: Buffer) => void } | undefined
    let busy = false
    const refuse = (error: unknown): void => {
      const name = error instanceof Error ? error.name : 'Error'
      socket.end(frame('F', { name, message: error instanceof Error ? error.message : String(error) }))
    }
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const { type, payload } of reader.push(chunk)) {
          if (run !== undefined) { run.input(type, payload); continue }
          if (busy) throw new InvalidInputError('launch: one request per connection')
          busy = true
          const body = JSON.parse(payload.toString('utf8')) as unknown
          if (type === 'R') {
            const request = readLaunchRequest(body)
            // The folder is made first; stdin that arrives meanwhile waits for the run.
            const early: Buffer[] = []
            let endEarly = false
            run = { input: (t, p) => { if (t === 'I') early.push(p); else if (t === 'E') endEarly = true } }
            const network = request.network ?? []
            void (async () => {
              if (request.storage) await ensureFolder(request.app)
              if (network.length > 0) await grantNetwork(request.app, network)
              else closeNetwork(request.app)
            })().then(() => {
              const started = serveRun(socket, request, early)
              run = started
              if (endEarly) started.input('E', Buffer.alloc(0))
            }, refuse)
          } else if (type === 'U') {
            const app = readLaunchRequest({ memoryMiB: 1, timeoutMs: 1, storage: false, ...(body as object) }).app
            void directoryUsageBytes(join(init.appsDir, app)).then((usedBytes) => {
              socket.end(frame('C', { code: 0, signal: null, usedBytes }))
            }, refuse)
          } else if (type === 'P' || type === 'D') {
            const app = readLaunchRequest({ memoryMiB: 1, timeoutMs: 1, storage: false, ...(body as object) }).app
            // An app uninstalled takes its network grant with it.
            const uninstall = async (): Promise<void> => {
              await removeFolder(app)
              await grantNetwork(app, []).catch((error: unknown) => { logger.warning(`${app}: cannot take its network grant back from pc2-egress`, { app, error }) })
            }
            void (type === 'P' ? ensureFolder(app) : uninstall()).then(() => {
              logger.info(`${app}: folder ${type === 'P' ? 'ready' : 'deleted'}`, { app })
              socket.end(frame('C', { code: 0, signal: null }))
            }, refuse)
          } else {
            throw new InvalidInputError(`launch: a connection starts with R, P, D or U, not ${JSON.stringify(type)}`)
          }
        }
      } catch (error) {
        refuse(error)
      }
    })
  }

  return {
    socketPath: init.socketPath,
    async start (options = {}) {
      const stats = await lstat(init.appsDir).catch(() => undefined)
      if (stats === undefined || !stats.isDirectory() || stats.uid !== 0 || (stats.mode & 0o022) !== 0) {
        throw new ConfigError(`${init.appsDir} must be a directory owned by root and writable by root alone, so no app folder in it can be swapped for a link`, { details: { appsDir: init.appsDir } })
      }
      for (const entry of await readdir(init.appsDir)) {
        if (entry.startsWith('.trash-')) await rm(join(init.appsDir, entry), { recursive: true, force: true })
      }
      // Units a launcher that was killed left failed.
      await output(systemctl, ['reset-failed', 'pc2-app-*'])
      server = createServer(serve)
      await listenOnSocket(server, init.socketPath, options)
      if (egress !== undefined) {
        void readOpened(egress).catch((error: unknown) => { logger.info('pc2-egress\'s app destinations are not known yet: runs without the network tell it so', { error }) })
      }
    },
    async stop () {
      for (const socket of sockets) socket.destroy()
      if (server?.listening === true) await new Promise((resolve) => server?.close(resolve))
    }
  }
}

