// Every route pc2-apps serves (API.md next to this directory), in one table held to its
// contract (core's AppsApi). pc2-admin passes the owner's calls here from /api/apps/… and a
// web app's requests from /apps/<name>/…; nothing reaches this socket without the owner.

import { apiRoutes } from '@pc2/core'
import type { AppsApi } from '@pc2/core'
import type { AppsRouteContext } from './context.ts'
import { getAppRoute } from './routes/app-get.ts'
import { grantAppRoute } from './routes/app-grant.ts'
import { installAppRoute } from './routes/app-install.ts'
import { listAppsRoute } from './routes/app-list.ts'
import { uninstallAppRoute } from './routes/app-uninstall.ts'
import { health } from './routes/health.ts'
import { runJobRoute } from './routes/run-job.ts'
import { listRunsRoute } from './routes/run-list.ts'
import { webRequestRoute } from './routes/web-request.ts'

export const routes = apiRoutes<AppsApi, AppsRouteContext>({
  'GET /health': health,
  'GET /apps': listAppsRoute,
  'POST /apps': installAppRoute,
  'GET /apps/:name': getAppRoute,
  'PUT /apps/:name/grant': grantAppRoute,
  'DELETE /apps/:name': uninstallAppRoute,
  'GET /apps/:name/runs': listRunsRoute,
  'POST /apps/:name/runs': runJobRoute,
  'GET /web/*': webRequestRoute,
  'POST /web/*': webRequestRoute
})
