// pc2-apps — WebAssembly apps on the node. An app is one WASI module carrying its manifest
// (package/section.ts), installed by CID into /data/apps (store/), granted capabilities by
// the owner (capabilities.ts), and run one process per run by a WasmRunner (runner/): jobs
// on demand or by their schedule (schedule.ts), web apps once per HTTP request in the WAGI
// style (wagi.ts, run-app.ts). The service serves the API of API.md (next to this directory)
// on a Unix socket that pc2-admin alone calls: `apps(init)(components)` like every service.
// Beside the factory, the parts tests and benchmarks use: the package format, the runners,
// the store, WAGI.

import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createRouteServer } from '@pc2/core'
import type { AbortOptions, Components, RouteServer } from '@pc2/core'
import type { AppsContext } from './context.ts'
import { ipfsPackageSource } from './ipfs-source.ts'
import type { PackageSource } from './ipfs-source.ts'
import { routes } from './routes.ts'
import { appRuns } from './run-app.ts'
import type { RunLimitDefaults } from './run-app.ts'
import type { WasmRunner } from './runner/runner.ts'
import { appScheduler } from './schedule.ts'
import type { AppScheduler } from './schedule.ts'
import { openAppStore } from './store/app-store.ts'
import type { AppFolders } from './store/app-store.ts'

export * from './manifest.ts'
export * from './capabilities.ts'
export { manifestSectionName, packApp, readManifest } from './package/section.ts'
export type * from './runner/runner.ts'
export { nodeWasiRunner } from './runner/node-wasi.ts'
export { findWasmtime, wasmtimeRunner } from './runner/wasmtime.ts'
export { openAppStore } from './store/app-store.ts'
export type { AppStore, InstalledApp, InstallOptions } from './store/app-store.ts'
export { appRuns, runLimitDefaults } from './run-app.ts'
export type { AppRuns, RunRecord } from './run-app.ts'
export { parseWagiResponse, wagiEnvironment } from './wagi.ts'
export type { WagiRequest, WagiResponse } from './wagi.ts'

export interface AppsInit {
  /** /data/apps: the apps' folders and their packages. */
  appsDir: string
  /** The API socket (core's serviceSockets.apps in the appliance); its directory is made if missing. */
  socketPath: string
  runner: WasmRunner
  /** pc2-ipfs's socket, or any other source of packages by CID. */
  source: PackageSource | { ipfsSocket: string }
  limits?: Partial<RunLimitDefaults>
  /** Who makes and deletes app folders; this process by default (pc2-apps-launcher in the appliance). */
  folders?: AppFolders
  /** How often jobs due by their schedule are looked for (schedule.ts); 15 s by default. */
  checkSchedulesEveryMs?: number
}

export type AppsComponents = Pick<Components, 'logger'>

export interface AppsService {
  /** The socket's path. */
  readonly socketPath: string
  /** The runner's name (`node-wasi`, `wasmtime`). */
  readonly runnerName: string
  start (options?: AbortOptions): Promise<void>
  /** Stops the schedules and the server: requests in flight are told to stop, and waited for. */
  stop (options?: AbortOptions): Promise<void>
}

export const appsDefaults = { appsDir: '/data/apps' } as const

// A job's stdin travels base64 in the JSON body: 1 MiB of input.
const jsonBodyBytes = 1536 * 1024

export function apps (init: AppsInit): (components: AppsComponents) => AppsService {
  return ({ logger }) => {
    let server: RouteServer | undefined
    let schedules: AppScheduler | undefined
    return {
      socketPath: init.socketPath,
      runnerName: init.runner.name,
      async start (options = {}) {
        const store = await openAppStore(init.appsDir, { ...options, ...(init.folders === undefined ? {} : { folders: init.folders }) })
        const runs = appRuns({ store, runner: init.runner, logger, ...(init.limits === undefined ? {} : { limits: init.limits }) })
        const source = 'fetch' in init.source ? init.source : ipfsPackageSource(init.source.ipfsSocket)
        // When each scheduled job last started, beside the records (a name no app's record has).
        schedules = appScheduler({ store, runs, stateFile: join(init.appsDir, '.packages', 'scheduled-runs'), logger, ...(init.checkSchedulesEveryMs === undefined ? {} : { checkEveryMs: init.checkSchedulesEveryMs }) })
        const context: AppsContext = { store, runs, schedules, source, logger }
        await mkdir(dirname(init.socketPath), { recursive: true })
        server = createRouteServer(routes, { name: 'pc2-apps', state: { apps: context }, logger, limits: { jsonBodyBytes } })
        await server.listen({ socket: init.socketPath }, options)
        await schedules.start()
        logger.info('apps ready', { apps: store.list().length, runner: init.runner.name })
      },
      async stop (options = {}) {
        await Promise.all([schedules?.stop(), server?.close(options)])
      }
    }
  }
}
