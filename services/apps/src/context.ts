// What every pc2-apps route works with, built once at start: the installed apps, their runs
// and schedules, where packages come from, and the log. Route handlers get it as `apps`,
// beside their request.

import type { ApiHandler, AppsApi, Logger, RouteRequest } from '@pc2/core'
import type { PackageSource } from './ipfs-source.ts'
import type { AppRuns } from './run-app.ts'
import type { AppScheduler } from './schedule.ts'
import type { AppStore } from './store/app-store.ts'

export interface AppsContext {
  store: AppStore
  runs: AppRuns
  schedules: Pick<AppScheduler, 'nextRunAt'>
  source: PackageSource
  logger: Logger
}

export type AppsRouteContext = RouteRequest & { apps: AppsContext }

/** A route of AppsApi, its params and reply typed by the contract. */
export type AppsHandler<Key extends keyof AppsApi> = ApiHandler<AppsApi, Key, AppsRouteContext>
