// The HTTP server: turns each request into a route call and its reply into a response,
// logs it, and makes sure no failure escapes as anything but the JSON error shape. The
// access level of each route is enforced here, from the route table, before its handler
// runs: no handler can be reached by a caller its route does not admit.

import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { InvalidInputError } from '@pc2/core'
import type { Logger } from '@pc2/core'
import { checkCsrf, checkFormOrigin, ownerSession, requireOwner } from './auth/access.ts'
import { commonHeaders, emptyReply, errorReply, sendReply } from './http.ts'
import type { AnyReply, Reply, StreamReply } from './http.ts'
import { requestFacts } from './request.ts'
import { changesState, findRoute } from './router.ts'
import type { Route, RouteContext } from './router.ts'
import type { AdminServices } from './services.ts'

export function createAdminServer (routes: readonly Route[], services: AdminServices, logger: Logger): Server {
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
    let reply: AnyReply
    try {
      const url = parseUrl(request.url)
      path = url.pathname
      const { route, params } = findRoute(routes, method, path)
      const context: RouteContext = {
        ...requestFacts(request, url, abort.signal),
        params,
        session: ownerSession(request.headers.cookie, services.sessions, services.owner.current()?.address),
        services
      }
      reply = await dispatch(route, context)
    } catch (error) {
      const failure = errorReply(error)
      if (failure.unexpected) logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed) return
    if ('stream' in reply) await sendStream(response, reply)
    else sendReply(response, reply, method === 'HEAD')
    logger.debug('request', { method, path, status: reply.status, ms: Math.round(performance.now() - started) })
  }
}

async function dispatch (route: Route, context: RouteContext): Promise<AnyReply> {
  if (route.access === 'public') return await route.handler(context)
  if (route.access === 'app') {
    // A page opened without a session (a bookmark, an expired one) goes to the login page and back.
    if (context.session === undefined && route.method === 'GET') return loginRedirect(context.url)
    const session = requireOwner(context.session)
    if (changesState(route.method)) checkFormOrigin(context.headers)
    return await route.handler({ ...context, session })
  }
  const session = requireOwner(context.session)
  if (changesState(route.method)) checkCsrf(context.headers, session)
  return await route.handler({ ...context, session })
}

function loginRedirect (url: URL): Reply {
  return emptyReply(303, { Location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` })
}

async function sendStream (response: ServerResponse, reply: StreamReply): Promise<void> {
  response.writeHead(reply.status, { ...commonHeaders, ...reply.headers, 'Content-Type': reply.contentType })
  response.flushHeaders()
  try {
    await reply.stream(response)
  } finally {
    response.end()
  }
}

function parseUrl (target: string | undefined): URL {
  // Origin form ("/path?query") is what browsers send; HTTP/1.1 also requires accepting the
  // absolute form ("http://host/path"). Only the path is ever used, never the host.
  if (target !== undefined && target.startsWith('/') && !target.startsWith('//')) return new URL(target, 'http://pc2.invalid')
  if (target !== undefined && /^https?:\/\//i.test(target) && URL.canParse(target)) return new URL(target)
  throw new InvalidInputError(`request target ${JSON.stringify(target ?? '')} is not a path`)
}
