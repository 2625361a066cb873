// The HTTP server on pc2-apps's socket: `/web/<name>/…` is a web app's request, passed to
// the app body and all (web.ts, WAGI); everything else is the JSON API of routes.ts, through
// core's route server.

import type { Server } from 'node:http'
import { createRouteServer } from '@pc2/core'
import type { ApiReply, ApiRoute, Logger, RequestContext } from '@pc2/core'
import type { AppRuns } from './run-app.ts'
import type { AppScheduler } from './schedule.ts'
import type { AppStore } from './store/app-store.ts'
import type { PackageSource } from './ipfs-source.ts'
import { serveWeb } from './web.ts'

export interface AppsState {
  store: AppStore
  runs: AppRuns
  schedules: Pick<AppScheduler, 'nextRunAt'>
  source: PackageSource
  logger: Logger
}

export interface RouteContext extends RequestContext {
  apps: AppsState
}

export type Route = ApiRoute<RouteContext, ApiReply>

// A job's stdin travels base64 in the JSON body: 1 MiB of input.
const bodyLimitBytes = 1536 * 1024

export function createAppsServer (routes: readonly Route[], apps: AppsState, stopping: AbortSignal): Server {
  return createRouteServer(routes, {
    name: 'apps',
    state: { apps },
    logger: apps.logger,
    stopping,
    bodyLimitBytes,
    intercept: async (request, response, url, signal) => {
      if (!url.pathname.startsWith('/web/')) return false
      await serveWeb(apps, request, response, url, signal)
      return true
    }
  })
}
