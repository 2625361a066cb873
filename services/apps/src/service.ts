// The pc2-apps service: opens the store on /data/apps, serves its API on a Unix socket and
// runs apps through the runner it is given. `apps(init)(components)` like the other services.

import { mkdir } from 'node:fs/promises'
import type { Server } from 'node:http'
import { join } from 'node:path'
import { closeServer, listenOnSocket } from '@pc2/core'
import type { AbortOptions, Components } from '@pc2/core'
import { ipfsPackageSource } from './ipfs-source.ts'
import type { PackageSource } from './ipfs-source.ts'
import { routes } from './routes.ts'
import { appRuns } from './run-app.ts'
import type { RunLimitDefaults } from './run-app.ts'
import { appScheduler } from './schedule.ts'
import type { AppScheduler } from './schedule.ts'
import type { WasmRunner } from './runner/runner.ts'
import { createAppsServer } from './server.ts'
import { openAppStore } from './store/app-store.ts'
import type { AppFolders } from './store/app-store.ts'

export interface AppsInit {
  /** /data/apps: the apps' folders and their packages. */
  appsDir: string
  /** Where api.sock is created. */
  runtimeDir: string
  runner: WasmRunner
  /** pc2-ipfs's socket, or any other source of packages by CID. */
  source: PackageSource | { ipfsSocket: string }
  limits?: Partial<RunLimitDefaults>
  /** Who makes and deletes app folders; this process by default (pc2-apps-launcher in the appliance). */
  folders?: AppFolders
  /** How often jobs due by their schedule are looked for (schedule.ts); 15 s by default. */
  checkSchedulesEveryMs?: number
}

export interface AppsService {
  readonly socketPath: string
  start (options?: AbortOptions): Promise<void>
  stop (options?: AbortOptions): Promise<void>
}

export const appsDefaults = { appsDir: '/data/apps', runtimeDir: '/run/pc2/apps', ipfsSocket: '/run/pc2/ipfs/api.sock' } as const

export function apps (init: AppsInit) {
  return (components: Pick<Components, 'logger'>): AppsService => {
    const socketPath = join(init.runtimeDir, 'api.sock')
    const stopping = new AbortController()
    let server: Server | undefined
    let schedules: AppScheduler | undefined
    return {
      socketPath,
      async start (options = {}) {
        const store = await openAppStore(init.appsDir, { ...options, ...(init.folders === undefined ? {} : { folders: init.folders }) })
        const runs = appRuns({ store, runner: init.runner, logger: components.logger, ...(init.limits === undefined ? {} : { limits: init.limits }) })
        const source = 'fetch' in init.source ? init.source : ipfsPackageSource(init.source.ipfsSocket)
        await mkdir(init.runtimeDir, { recursive: true })
        // When each scheduled job last started, beside the records (a name no app's record has).
        schedules = appScheduler({ store, runs, stateFile: join(init.appsDir, '.packages', 'scheduled-runs'), logger: components.logger, ...(init.checkSchedulesEveryMs === undefined ? {} : { checkEveryMs: init.checkSchedulesEveryMs }) })
        server = createAppsServer(routes, { store, runs, schedules, source, logger: components.logger }, stopping.signal)
        await listenOnSocket(server, socketPath, options)
        await schedules.start()
        components.logger.info('apps ready', { apps: store.list().length, runner: init.runner.name })
      },
      async stop (options = {}) {
        stopping.abort()
        await schedules?.stop()
        await closeServer(server, options)
      }
    }
  }
}
