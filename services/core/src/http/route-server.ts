// The one HTTP stack of every PC2 service: a route table, and a server that turns each request
// into a route call and each reply into a response. What differs between services is said in
// its options, in one place: the state handlers share, the headers every reply carries, the
// access check run before a handler (pc2-admin's sessions), whether GET routes answer HEAD,
// how much of a failure the client sees, and the connection and time limits. It logs method,
// route pattern and status only, never a body nor the path a client typed (it could hold a key).

import { createServer } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import type { AbortOptions } from '../components.ts'
import { InvalidInputError } from '../errors.ts'
import type { Logger } from '../log.ts'
import { closeServer, listenOnSocket, listenOnTcp } from './listen.ts'
import { errorReply, writeReply } from './reply.ts'
import type { Reply, ReplyHeaders } from './reply.ts'
import { readBodyBytes, readJsonBody } from './request-body.ts'
import type { ReadBodyOptions } from './request-body.ts'
import { findRoute } from './route-table.ts'
import type { Route, RoutePattern } from './route-table.ts'

/** What every handler knows of its request, beside the service's own state. */
export interface RouteRequest {
  /** As sent: HEAD reaches GET handlers on a server that answers HEAD. */
  method: string
  url: URL
  /** `:name` values, percent-decoded, and `*` for the rest of a prefix route. */
  params: Readonly<Record<string, string>>
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** The client's address as the socket has it ('' on a Unix socket). */
  remoteAddress: string
  /** True when the request came over TLS. */
  secure: boolean
  /** Aborts when the client goes away (and, on a server that ends requests on close, when it closes). */
  signal: AbortSignal
  /** Aborts when the server closes: long-lived replies (event streams) end on it. */
  stopping: AbortSignal
  /** The body as JSON, at most the server's JSON limit; refuses other content types and bad JSON. */
  readJson: () => Promise<unknown>
  /** The whole body as bytes, at most `limitBytes`. */
  readBytes: (options: Omit<ReadBodyOptions, 'signal'>) => Promise<Buffer>
  /** The raw body, for routes that stream it on (upload bytes); read it, readJson or readBytes, once. */
  body: Readable
}

export interface ServerLimits {
  /** Connections open at once; more are refused at accept. */
  maxConnections: number
  /** Time to receive a request's headers. */
  headersTimeoutMs: number
  /** Time to receive a whole request, body included; 0: none (uploads of any size). */
  requestTimeoutMs: number
  /** A connection idle this long is cut; 0: never (event streams are quiet for long). */
  idleTimeoutMs: number
  /** How long a finished connection waits for the next request. */
  keepAliveTimeoutMs: number
  /** The largest JSON body readJson takes. */
  jsonBodyBytes: number
  /** On close, requests still running after this long are cut; undefined: wait for them (or the stop deadline). */
  closeGraceMs: number | undefined
}

/** Node's own timeouts, no connection cap, small JSON bodies: what a service on a Unix socket needs. */
export const defaultServerLimits: ServerLimits = {
  maxConnections: Infinity,
  headersTimeoutMs: 60_000,
  requestTimeoutMs: 0,
  idleTimeoutMs: 0,
  keepAliveTimeoutMs: 5_000,
  jsonBodyBytes: 16 * 1024,
  closeGraceMs: undefined
}

export interface RouteServerOptions<State, R extends RoutePattern> {
  /** The unit (`pc2-vault`): in logs and in the message of an unexpected failure. */
  name: string
  /** What every handler gets beside the request, e.g. `{ vault: VaultContext }`. */
  state: State
  logger: Logger
  limits?: Partial<ServerLimits>
  /** Headers every reply carries (a reply's own win). `Cache-Control: no-store` by default. */
  headers?: ReplyHeaders
  /** GET routes answer HEAD. */
  head?: boolean
  /** Whether a failure's details go to the client (all of them by default). */
  showErrorDetails?: (status: number) => boolean
  /**
   * Whether a request's signal aborts when the server closes (streams end, work stops). False
   * for services whose requests are short writes that should land (pc2-vault): they finish.
   */
  endRequestsOnClose?: boolean
  /**
   * Calls the route: the place for an access check before any handler runs, and for facts the
   * service adds to every request. By default, `route.handler(context)`.
   */
  dispatch?: (route: R, context: RouteRequest & State) => Promise<Reply>
}

export interface RouteServer {
  readonly server: Server
  /** A Unix socket (stale socket removed, mode 0660), or a TCP host and port (0: any free port). */
  listen (where: { socket: string } | { host: string, port: number }, options?: AbortOptions): Promise<void>
  /** Stops accepting, ends requests as the options say, waits for the rest; false when not listening. */
  close (options?: AbortOptions): Promise<boolean>
  /** The TCP address listened on, once listening on one. */
  address (): { host: string, port: number } | undefined
}

export function createRouteServer<State> (routes: ReadonlyArray<Route<RouteRequest & State, Reply>>, options: RouteServerOptions<State, Route<RouteRequest & State, Reply>>): RouteServer
export function createRouteServer<State, R extends RoutePattern> (routes: readonly R[], options: RouteServerOptions<State, R> & { dispatch: NonNullable<RouteServerOptions<State, R>['dispatch']> }): RouteServer
export function createRouteServer<State, R extends RoutePattern> (routes: readonly R[], options: RouteServerOptions<State, R>): RouteServer {
  const { logger } = options
  const limits: ServerLimits = { ...defaultServerLimits, ...options.limits }
  const commonHeaders: ReplyHeaders = options.headers ?? { 'Cache-Control': 'no-store' }
  const dispatch = options.dispatch ?? (async (route: R, context: RouteRequest & State) => await (route as unknown as Route<RouteRequest & State, Reply>).handler(context))
  const closing = new AbortController()
  let tcpAddress: { host: string, port: number } | undefined

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Headers are out (a stream failed halfway): all that is left is to cut the connection,
      // so the client sees a cut-off body rather than a short success. A client that went
      // away mid-stream is routine.
      const log = response.destroyed || closing.signal.aborted ? logger.debug : logger.warning
      log('response failed', { method: request.method, error })
      response.destroy()
    })
  })
  server.maxConnections = limits.maxConnections
  server.headersTimeout = limits.headersTimeoutMs
  server.requestTimeout = limits.requestTimeoutMs
  server.timeout = limits.idleTimeoutMs
  server.keepAliveTimeout = limits.keepAliveTimeoutMs

  async function handle (request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = request.method ?? 'GET'
    const gone = new AbortController()
    response.on('close', () => { if (!response.writableFinished) gone.abort(new Error('the client went away')) })
    const signal = options.endRequestsOnClose === false ? gone.signal : AbortSignal.any([gone.signal, closing.signal])
    let path = '(no route)'
    let reply: Reply
    try {
      const url = parseRequestTarget(request.url)
      const { route, params } = findRoute(routes, method, url.pathname, { head: options.head === true })
      path = route.path
      const context: RouteRequest & State = {
        ...options.state,
        method,
        url,
        params,
        query: url.searchParams,
        headers: request.headers,
        remoteAddress: request.socket.remoteAddress ?? '',
        secure: (request.socket as Partial<TLSSocket>).encrypted === true,
        signal,
        stopping: closing.signal,
        readJson: async () => await readJsonBody(request, { limitBytes: limits.jsonBodyBytes, signal }),
        readBytes: async (read) => await readBodyBytes(request, { ...read, signal }),
        body: request
      }
      reply = await dispatch(route, context)
    } catch (error) {
      const failure = errorReply(error, { service: options.name, ...(options.showErrorDetails === undefined ? {} : { showDetails: options.showErrorDetails }) })
      if (failure.unexpected) logger.error('request failed', { method, path, error })
      reply = failure.reply
    }
    if (response.destroyed || response.headersSent) return
    // A body the handler did not read (a refused upload) would be parsed as the next request.
    if (!request.complete) response.setHeader('Connection', 'close')
    logger.debug('request', { method, path, status: reply.status, ms: Math.round(performance.now() - started) })
    await writeReply(response, reply, { commonHeaders, headOnly: method === 'HEAD', signal })
  }

  return {
    server,
    async listen (where, listenOptions = {}) {
      if ('socket' in where) {
        await listenOnSocket(server, where.socket, listenOptions)
        logger.info('listening', { socket: where.socket })
      } else {
        tcpAddress = await listenOnTcp(server, where.host, where.port, listenOptions)
        logger.info('listening', tcpAddress)
      }
    },
    async close (closeOptions = {}) {
      closing.abort(new Error(`${options.name} is stopping`))
      const closed = await closeServer(server, { ...closeOptions, ...(limits.closeGraceMs === undefined ? {} : { graceMs: limits.closeGraceMs }) })
      tcpAddress = undefined
      if (closed) logger.info('closed')
      return closed
    },
    address: () => tcpAddress
  }
}

/**
 * The URL of a request target. Origin form (`/path?query`) is what clients send; HTTP/1.1
 * also requires accepting the absolute form (`http://host/path`). Only the path and query
 * are ever used, never the host.
 */
export function parseRequestTarget (target: string | undefined): URL {
  if (target?.startsWith('/') === true && !target.startsWith('//')) return new URL(target, 'http://service.invalid')
  if (target !== undefined && /^https?:\/\//i.test(target) && URL.canParse(target)) return new URL(target)
  throw new InvalidInputError(`request target ${JSON.stringify(target ?? '')} is not a path`)
}
