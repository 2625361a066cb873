// The HTTP server: turns each request into a route call and its Reply into a response,
// logs it, and makes sure no failure escapes as anything but the JSON error shape.

import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { InvalidInputError } from '@pc2/core'
import type { Logger } from '@pc2/core'
import { errorReply, sendReply } from './http.ts'
import type { Reply } from './http.ts'
import { findRoute } from './router.ts'
import type { Route, RouteContext } from './router.ts'

export function createAdminServer (
  routes: readonly Route[],
  context: Omit<RouteContext, 'url' | 'signal'>,
  logger: Logger
): Server {
  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('response failed', { error })
      response.destroy()
    })
  })

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = request.method ?? 'GET'
    // The request's work stops when the client goes away.
    const abort = new AbortController()
    response.on('close', () => { if (!response.writableFinished) abort.abort() })
    let path = request.url ?? '/'
    let reply: Reply
    try {
      const url = parseUrl(request.url)
      path = url.pathname
      const route = findRoute(routes, method, path)
      reply = await route.handler({ ...context, url, signal: abort.signal })
    } catch (error) {
      const failure = errorReply(error)
      if (failure.unexpected) logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed) return
    sendReply(response, reply, method === 'HEAD')
    logger.debug('request', { method, path, status: reply.status, ms: Math.round(performance.now() - started) })
  }
}

function parseUrl (target: string | undefined): URL {
  // Origin form ("/path?query") is what browsers send; HTTP/1.1 also requires accepting the
  // absolute form ("http://host/path"). Only the path is ever used, never the host.
  if (target !== undefined && target.startsWith('/') && !target.startsWith('//')) return new URL(target, 'http://pc2.invalid')
  if (target !== undefined && /^https?:\/\//i.test(target) && URL.canParse(target)) return new URL(target)
  throw new InvalidInputError(`request target ${JSON.stringify(target ?? '')} is not a path`)
}
