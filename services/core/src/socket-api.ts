// The HTTP/JSON API a service serves on its Unix socket (pc2-shop, pc2-egress): a route
// table whose `:name` path segments become params, a lookup that answers an unknown path
// with a 404 and a known path with the wrong method with a 405 naming the allowed ones,
// replies that are JSON (json-reply.ts) or a stream (server-sent events), and the SSE
// stream itself with its heartbeat.

import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Logger } from './log.ts'
import { InvalidInputError, MethodNotAllowedError, NotFoundError } from './errors.ts'
import { writeJsonReply } from './json-reply.ts'
import type { JsonReply } from './json-reply.ts'

export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface ApiRoute<Context, Reply> {
  method: ApiMethod
  path: string
  handler: (context: Context) => Promise<Reply>
}

export function findApiRoute<R extends { method: ApiMethod, path: string }> (routes: readonly R[], method: string, path: string): { route: R, params: Record<string, string> } {
  const candidates = routes.flatMap((route) => {
    const params = matchApiPath(route.path, path)
    return params === undefined ? [] : [{ route, params }]
  })
  const found = candidates.find(({ route }) => route.method === method)
  if (found !== undefined) return found
  if (candidates.length === 0) throw new NotFoundError(`no route for ${method} ${path}`)
  const allow = candidates.map(({ route }) => route.method)
  throw new MethodNotAllowedError(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { details: { allow } })
}

/** The params when `path` fits `pattern` (segments still percent-encoded), else undefined. */
function matchApiPath (pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const have = path.split('/')
  if (want.length !== have.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, part] of want.entries()) {
    const segment = have[index] ?? ''
    if (part.startsWith(':')) {
      if (segment === '') return undefined
      params[part.slice(1)] = segment
    } else if (part !== segment) {
      return undefined
    }
  }
  return params
}

/** The URL of a request target that must be a path (`/…`, never `//host`). */
export function parseRequestTarget (target: string | undefined): URL {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) {
    throw new InvalidInputError(`request target ${JSON.stringify(target ?? '')} is not a path`)
  }
  return new URL(target, 'http://service.invalid')
}

/** Route params percent-decoded; a bad escape is an error naming the param. */
export function decodeRouteParams (params: Record<string, string>): Record<string, string> {
  const decoded: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) {
    try {
      decoded[name] = decodeURIComponent(value)
    } catch {
      throw new InvalidInputError(`path segment ${JSON.stringify(value)} is not valid percent-encoding`, { details: { field: name } })
    }
  }
  return decoded
}

/**
 * The HTTP server of a service's socket API: `handle` answers each request; a failure that
 * escapes it (the client went away mid-reply) is logged at debug and the connection closed.
 * No request timeout: event streams stay open for hours, kept alive by their heartbeat.
 */
export function createApiServer (handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>, logger: Logger): Server {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.debug('response failed', { method: request.method, error })
      response.destroy()
    })
  })
  server.requestTimeout = 0
  return server
}

/** Aborts when the client goes away before its reply is complete, or when `stopping` does. */
export function requestSignal (response: ServerResponse, stopping: AbortSignal): AbortSignal {
  const gone = new AbortController()
  response.on('close', () => { if (!response.writableFinished) gone.abort(new Error('client went away')) })
  return AbortSignal.any([gone.signal, stopping])
}

/** A reply written bit by bit until its signal aborts (the client left, the service stops). */
export interface StreamReply {
  status: number
  headers: Record<string, string>
  stream: (write: (text: string) => void, signal: AbortSignal) => Promise<void>
}

export type ApiReply = JsonReply | StreamReply

export async function sendApiReply (response: ServerResponse, reply: ApiReply, signal: AbortSignal): Promise<void> {
  if ('stream' in reply) {
    response.writeHead(reply.status, { 'Cache-Control': 'no-store', ...reply.headers })
    response.flushHeaders()
    await reply.stream((text) => { if (!response.destroyed) response.write(text) }, signal)
    response.end()
    return
  }
  writeJsonReply(response, reply)
}

export interface ServerSentEvent {
  event: string
  data: unknown
}

export const heartbeatMs = 15_000

/**
 * An event stream: `event: <name>` and one line of JSON per event, `initial` first, then
 * whatever `subscribe` delivers, and a comment every 15 s so that proxies and browsers
 * keep the connection open.
 */
export function eventStream (name: string, subscribe: (listener: (event: ServerSentEvent) => void) => () => void, initial: ServerSentEvent[] = []): StreamReply {
  return {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
    stream: async (write, signal) => {
      const send = ({ event, data }: ServerSentEvent): void => { write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) }
      write(`: ${name} events\n\n`)
      for (const event of initial) send(event)
      const unsubscribe = subscribe(send)
      const heartbeat = setInterval(() => { write(': heartbeat\n\n') }, heartbeatMs)
      try {
        await new Promise<void>((resolve) => {
          if (signal.aborted) resolve()
          else signal.addEventListener('abort', () => { resolve() }, { once: true })
        })
      } finally {
        clearInterval(heartbeat)
        unsubscribe()
      }
    }
  }
}
