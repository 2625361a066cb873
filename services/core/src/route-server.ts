// The request loop of a service's socket API (pc2-egress, pc2-apps): each request becomes a
// route call with the service's own state plus the request's params, query, JSON body and
// signal; each failure the one JSON error shape. It logs method, route pattern and status
// only — never bodies. `intercept` lets a service answer some paths itself (pc2-apps's web
// apps, which are not JSON); it returns true when it did.

import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { readJsonBody } from './json-body.ts'
import { jsonErrorReply } from './json-reply.ts'
import type { Logger } from './log.ts'
import { createApiServer, decodeRouteParams, findApiRoute, parseRequestTarget, requestSignal, sendApiReply } from './socket-api.ts'
import type { ApiReply, ApiRoute } from './socket-api.ts'

export interface RequestContext {
  /** Path params, percent-decoded. */
  params: Record<string, string>
  query: URLSearchParams
  readJson: () => Promise<unknown>
  signal: AbortSignal
}

export interface RouteServerOptions<State> {
  /** The service's name in error replies and logs (`egress`, `apps`). */
  name: string
  state: State
  logger: Logger
  stopping: AbortSignal
  bodyLimitBytes: number
  intercept?: (request: IncomingMessage, response: ServerResponse, url: URL, signal: AbortSignal) => Promise<boolean>
}

export function createRouteServer<State> (routes: ReadonlyArray<ApiRoute<State & RequestContext, ApiReply>>, options: RouteServerOptions<State>): Server {
  const { logger } = options
  return createApiServer(handle, logger)

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET'
    const signal = requestSignal(response, options.stopping)
    let path = '(no route)'
    let reply: ApiReply
    try {
      const url = parseRequestTarget(request.url)
      if (options.intercept !== undefined && await options.intercept(request, response, url, signal)) {
        logger.debug('request', { method, path: url.pathname.split('/').slice(0, 3).join('/'), status: response.statusCode })
        return
      }
      const { route, params } = findApiRoute(routes, method, url.pathname)
      path = route.path
      reply = await route.handler({
        ...options.state,
        params: decodeRouteParams(params),
        query: url.searchParams,
        signal,
        readJson: async () => await readJsonBody(request, { limitBytes: options.bodyLimitBytes, signal })
      })
    } catch (error) {
      const failure = jsonErrorReply(error, options.name)
      if (failure.unexpected) logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed || response.headersSent) return
    logger.debug('request', { method, path, status: reply.status })
    await sendApiReply(response, reply, signal)
  }
}
