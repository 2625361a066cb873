// The HTTP server on pc2-apps's socket. `/web/<name>/…` is a web app's request, passed to
// the app body and all (WAGI); everything else is the JSON API of routes.ts. It logs method,
// route pattern and status only.

import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createApiServer, decodeRouteParams, findApiRoute, jsonErrorReply, parseRequestTarget, readJsonBody, requestSignal, sendApiReply } from '@pc2/core'
import type { ApiReply, ApiRoute, Logger } from '@pc2/core'
import type { AppRuns } from './run-app.ts'
import type { AppStore } from './store/app-store.ts'
import type { PackageSource } from './ipfs-source.ts'
import { serveWeb } from './web.ts'

export interface AppsState {
  store: AppStore
  runs: AppRuns
  source: PackageSource
  logger: Logger
}

export interface RouteContext {
  apps: AppsState
  params: Record<string, string>
  query: URLSearchParams
  readJson: () => Promise<unknown>
  signal: AbortSignal
}

export type Route = ApiRoute<RouteContext, ApiReply>

// A job's stdin travels base64 in the JSON body: 1 MiB of input.
const bodyLimitBytes = 1536 * 1024

export function createAppsServer (routes: readonly Route[], apps: AppsState, stopping: AbortSignal): Server {
  return createApiServer(handle, apps.logger)

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET'
    const signal = requestSignal(response, stopping)
    let path = '(no route)'
    let reply: ApiReply
    try {
      const url = parseRequestTarget(request.url)
      if (url.pathname.startsWith('/web/')) {
        path = '/web/:name/*'
        await serveWeb(apps, request, response, url, signal)
        return
      }
      const { route, params } = findApiRoute(routes, method, url.pathname)
      path = route.path
      reply = await route.handler({
        apps,
        params: decodeRouteParams(params),
        query: url.searchParams,
        signal,
        readJson: async () => await readJsonBody(request, { limitBytes: bodyLimitBytes, signal })
      })
    } catch (error) {
      const failure = jsonErrorReply(error, 'apps')
      if (failure.unexpected) apps.logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed || response.headersSent) return
    apps.logger.debug('request', { method, path, status: reply.status })
    await sendApiReply(response, reply, signal)
  }
}
