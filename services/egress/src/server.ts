// The HTTP server on pc2-egress's socket: each request becomes a route call, each failure the
// one JSON error shape. It logs method, route pattern and status only.

import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createApiServer, decodeRouteParams, findApiRoute, jsonErrorReply, parseRequestTarget, readJsonBody, requestSignal, sendApiReply } from '@pc2/core'
import type { ApiReply, ApiRoute, Logger } from '@pc2/core'
import type { EgressState } from './index.ts'

export interface RouteContext {
  egress: EgressState
  /** Path params, percent-decoded. */
  params: Record<string, string>
  query: URLSearchParams
  readJson: () => Promise<unknown>
  signal: AbortSignal
}

export type Route = ApiRoute<RouteContext, ApiReply>

/** Destinations are a host, a protocol, a port and a short note. */
const bodyLimitBytes = 4 * 1024

export function createEgressServer (routes: readonly Route[], egress: EgressState, logger: Logger, stopping: AbortSignal): Server {
  return createApiServer(handle, logger)

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET'
    const signal = requestSignal(response, stopping)
    let path = '(no route)'
    let reply: ApiReply
    try {
      const url = parseRequestTarget(request.url)
      const { route, params } = findApiRoute(routes, method, url.pathname)
      path = route.path
      reply = await route.handler({
        egress,
        params: decodeRouteParams(params),
        query: url.searchParams,
        signal,
        readJson: async () => await readJsonBody(request, { limitBytes: bodyLimitBytes, signal })
      })
    } catch (error) {
      const failure = jsonErrorReply(error, 'egress')
      if (failure.unexpected) logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed) return
    logger.debug('request', { method, path, status: reply.status })
    await sendApiReply(response, reply, signal)
  }
}
