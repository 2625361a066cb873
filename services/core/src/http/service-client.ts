// A PC2 service's API, called over its Unix socket: the one client every service uses for
// another (pc2-admin for all of them, pc2-shop for pc2-vault, pc2-apps for pc2-ipfs and
// pc2-egress). `call` is typed by the service's contract (api-contract.ts); `request` passes a
// call through untyped and hands back the answer as it streams (pc2-admin's pass-through
// routes). An error the service answers comes back with its own name, status and details; a
// service that is not there is an UnavailableError naming it.

import { request as httpRequest } from 'node:http'
import type { IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import { Pc2Error, PayloadTooLargeError, UnavailableError } from '../errors.ts'
import type { ApiKey, ApiSpec, NoContent, PathOf, PathParams, RawBody, Streamed } from './api-contract.ts'

/** An error answered by another service, passed on as it was. */
export class ServiceError extends Pc2Error {
  override readonly status: number

  constructor (name: string, status: number, message: string, details?: Record<string, unknown>) {
    super(message, details === undefined ? {} : { details })
    this.name = name
    this.status = status
  }
}

export interface ServiceClientOptions {
  /** The unit, for messages: `pc2-vault`. */
  name: string
  socketPath: string
  /** A call with no answer in this long fails (default: none; a call may set its own). */
  timeoutMs?: number
  /** The largest answer `call` reads whole (default 1 MiB). */
  maxResponseBytes?: number
}

export interface RawRequest {
  method: string
  /** Path and query, e.g. `/listings?x=1`. */
  path: string
  headers?: Record<string, string>
  body?: Readable | Uint8Array | string
  signal?: AbortSignal
  /** No answer (nor any byte of it) in this long fails the call; none by default (a stream may be quiet for long). */
  timeoutMs?: number
}

/** A route `call` can make: its answer is JSON (or nothing) and its request JSON (or nothing). */
type IsJsonEndpoint<E> = E extends { response: infer Response, request: infer Request }
  ? [Response] extends [Streamed] ? false
      : [Request] extends [never] ? true
          : [Request] extends [RawBody] ? false : true
  : false

type JsonKeys<Api> = { [Key in keyof Api & ApiKey]: IsJsonEndpoint<Api[Key]> extends true ? Key : never }[keyof Api & ApiKey]

type ResponseOf<E> = E extends { response: infer Response } ? [Response] extends [NoContent] ? undefined : Response : never

type CallOptions<Api, Key extends keyof Api> =
  (keyof PathParams<PathOf<Key>> extends never ? { params?: undefined } : { params: PathParams<PathOf<Key>> }) &
  (Api[Key] extends { request: infer Request } ? [Request] extends [never] ? { json?: undefined } : { json: Request } : never) &
  {
    query?: Record<string, string>
    headers?: Record<string, string>
    signal?: AbortSignal
    /** Overrides the client's answer size limit, with the words of the refusal. */
    maxResponseBytes?: { bytes: number, tooLarge: string }
    timeoutMs?: number
  }

/** What a call may carry, before the contract narrows it. */
interface AnyCallOptions {
  params?: Record<string, string>
  json?: unknown
  query?: Record<string, string>
  headers?: Record<string, string>
  signal?: AbortSignal
  maxResponseBytes?: { bytes: number, tooLarge: string }
  timeoutMs?: number
}

type CallArguments<Api, Key extends keyof Api> = Record<never, never> extends CallOptions<Api, Key> ? [options?: CallOptions<Api, Key>] : [options: CallOptions<Api, Key>]

export interface ServiceClient<Api extends ApiSpec> {
  readonly name: string
  readonly socketPath: string
  /** The answer's body, typed by the contract; throws the service's error. */
  call<Key extends JsonKeys<Api>> (key: Key, ...options: CallArguments<Api, Key>): Promise<ResponseOf<Api[Key]>>
  /** The same, with the status (201 created vs 200 already there). */
  send<Key extends JsonKeys<Api>> (key: Key, ...options: CallArguments<Api, Key>): Promise<{ status: number, body: ResponseOf<Api[Key]> }>
  /** Any call, its answer as it streams: status, headers and body untouched. */
  request (call: RawRequest): Promise<IncomingMessage>
}

export function serviceClient<Api extends ApiSpec> (options: ServiceClientOptions): ServiceClient<Api> {
  const { name, socketPath } = options
  const request = async (call: RawRequest): Promise<IncomingMessage> => await new Promise((resolve, reject) => {
    const outgoing = httpRequest({
      socketPath,
      method: call.method,
      path: call.path,
      headers: { Host: 'localhost', ...call.headers },
      agent: false,
      ...(call.signal === undefined ? {} : { signal: call.signal })
    }, resolve)
    if (call.timeoutMs !== undefined) {
      const timeoutMs = call.timeoutMs
      outgoing.setTimeout(timeoutMs, () => { outgoing.destroy(new UnavailableError(`${name} did not answer in ${timeoutMs / 1000} s`, { details: { service: name } })) })
    }
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (call.signal?.aborted === true) reject(call.signal.reason)
      else if (error instanceof Pc2Error) reject(error)
      else if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') {
        reject(new UnavailableError(`${name} is not running`, { details: { service: name }, cause: error }))
      } else if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        // The service went away mid-call (a crash or a restart): the caller retries later.
        reject(new UnavailableError(`${name} stopped while answering; try again`, { details: { service: name }, cause: error }))
      } else {
        reject(new UnavailableError(`${name} is not answering on ${socketPath}: ${error.code ?? error.message}`, { details: { service: name }, cause: error }))
      }
    })
    const body = call.body
    if (body === undefined) outgoing.end()
    else if (typeof body === 'string' || body instanceof Uint8Array) outgoing.end(body)
    else {
      body.on('error', (error) => outgoing.destroy(error))
      body.pipe(outgoing)
    }
  })

  const send = async (key: string, callOptions: AnyCallOptions = {}): Promise<{ status: number, body: unknown }> => {
    const space = key.indexOf(' ')
    const method = key.slice(0, space)
    const path = fillPath(key.slice(space + 1), callOptions.params) + queryString(callOptions.query)
    const json = callOptions.json === undefined ? undefined : JSON.stringify(callOptions.json)
    const timeoutMs = callOptions.timeoutMs ?? options.timeoutMs
    const response = await request({
      method,
      path,
      headers: { Accept: 'application/json', ...callOptions.headers, ...(json === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(json)) }) },
      ...(json === undefined ? {} : { body: json }),
      ...(callOptions.signal === undefined ? {} : { signal: callOptions.signal }),
      ...(timeoutMs === undefined ? {} : { timeoutMs })
    })
    const limit = callOptions.maxResponseBytes ?? { bytes: options.maxResponseBytes ?? 1 << 20, tooLarge: `${name} answered more than ${(options.maxResponseBytes ?? 1 << 20) >> 10} KiB` }
    const text = await readAnswer(response, limit)
    const status = response.statusCode ?? 502
    if (status < 200 || status >= 300) throw serviceError(name, status, text)
    try {
      return { status, body: text === '' ? undefined : JSON.parse(text) }
    } catch {
      throw new UnavailableError(`${name} answered ${method} ${path.split('?')[0] ?? ''} with something that is not JSON`, { details: { service: name } })
    }
  }

  return {
    name,
    socketPath,
    // The contract says what the body is; the service it names answered it.
    call: async (key, ...rest) => (await send(key, rest[0] as AnyCallOptions | undefined)).body as never,
    send: async (key, ...rest) => await send(key, rest[0] as AnyCallOptions | undefined) as never,
    request: async (call) => await request(call)
  }
}

/** `/files/:cid` with `{ cid }` → `/files/<cid, percent-encoded>`; a prefix route's `*` goes in as the path it is. */
export function fillPath (pattern: string, params: Record<string, string> = {}): string {
  return pattern.split('/').map((segment) => {
    if (segment === '*') return params['*'] ?? ''
    if (!segment.startsWith(':')) return segment
    const value = params[segment.slice(1)]
    if (value === undefined || value === '') throw new TypeError(`no value for ${segment} in ${pattern}`)
    return encodeURIComponent(value)
  }).join('/')
}

function queryString (query: Record<string, string> | undefined): string {
  if (query === undefined || Object.keys(query).length === 0) return ''
  return `?${new URLSearchParams(query).toString()}`
}

async function readAnswer (response: IncomingMessage, limit: { bytes: number, tooLarge: string }): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of response) {
    size += (chunk as Buffer).byteLength
    if (size > limit.bytes) {
      response.destroy()
      throw new PayloadTooLargeError(limit.tooLarge)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The error a service answered, with its own name, status and details; a body that is not one, a 502. */
export function serviceError (service: string, status: number, text: string): Pc2Error {
  try {
    const { error } = JSON.parse(text) as { error?: { name?: unknown, message?: unknown, details?: Record<string, unknown> } }
    if (typeof error?.name === 'string' && typeof error.message === 'string') {
      return new ServiceError(error.name, status, error.message, error.details)
    }
  } catch {}
  return new ServiceError('ServiceError', 502, `${service} answered ${status} without an error body`)
}
