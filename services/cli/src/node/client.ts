// HTTP to the node's admin API: JSON in and out, the owner's session on every call once
// signed in (cookie, X-CSRF-Token, and the Origin pc2-admin compares with its own), and
// every failure turned into one error class: NetworkError when the node cannot be
// reached, NodeApiError carrying the API's stable error name otherwise.

import type { AbortOptions } from '@pc2/core'
import { NetworkError, NodeApiError } from '../errors.ts'
import type { NodeAddress } from './node-url.ts'

export interface Session {
  /** `pc2_session=<token>`, for the Cookie header. */
  cookie: string
  csrfToken: string
}

export interface RequestOptions extends AbortOptions {
  json?: unknown
  body?: Uint8Array<ArrayBuffer>
  /** Gives up on a request that takes longer (a node that stopped answering). */
  timeoutMs?: number
}

export interface NodeClient {
  readonly address: NodeAddress
  session: Session | undefined
  /** The reply's JSON, or undefined for an empty body; throws NetworkError or NodeApiError. */
  request<T> (method: string, path: string, options?: RequestOptions): Promise<T>
  /** The raw reply, for callers that read headers (the session cookie). */
  fetch (method: string, path: string, options?: RequestOptions): Promise<Response>
}

export function createNodeClient (address: NodeAddress): NodeClient {
  const client: NodeClient = {
    address,
    session: undefined,
    async fetch (method, path, options = {}) {
      const headers: Record<string, string> = { Origin: address.origin }
      if (client.session !== undefined) {
        headers.Cookie = client.session.cookie
        headers['X-CSRF-Token'] = client.session.csrfToken
      }
      let body: string | Uint8Array<ArrayBuffer> | undefined
      if (options.json !== undefined) {
        headers['Content-Type'] = 'application/json'
        body = JSON.stringify(options.json)
      } else if (options.body !== undefined) {
        headers['Content-Type'] = 'application/octet-stream'
        body = options.body
      }
      const signals = [options.signal, options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs)]
        .filter((signal): signal is AbortSignal => signal !== undefined)
      try {
        return await fetch(`${address.origin}${path}`, { method, headers, body, signal: AbortSignal.any(signals), redirect: 'error' })
      } catch (error) {
        if (options.signal?.aborted === true) throw error
        throw networkError(address.origin, error)
      }
    },
    async request<T> (method: string, path: string, options: RequestOptions = {}): Promise<T> {
      const response = await client.fetch(method, path, options)
      let text: string
      try {
        text = await response.text()
      } catch (error) {
        if (options.signal?.aborted === true) throw error
        throw networkError(address.origin, error)
      }
      if (!response.ok) throw apiError(`${method} ${path}`, response, text)
      return (text === '' ? undefined : JSON.parse(text)) as T
    }
  }
  return client
}

/** The node's JSON error as a NodeApiError whose message starts with `what` was refused. */
export function apiError (what: string, response: Response, text: string): NodeApiError {
  let error: { name?: unknown, message?: unknown, details?: unknown } | undefined
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error
  } catch {}
  const remoteName = typeof error?.name === 'string' ? error.name : `HTTP ${response.status}`
  const message = typeof error?.message === 'string' ? error.message : (response.statusText !== '' ? response.statusText : 'no explanation')
  const details = typeof error?.details === 'object' && error.details !== null ? error.details as Record<string, unknown> : undefined
  const retryAfter = /^\d+$/.exec(response.headers.get('Retry-After')?.trim() ?? '')?.[0]
  return new NodeApiError(`${what}: ${message} (${remoteName})`, {
    status: response.status,
    remoteName,
    ...(details === undefined ? {} : { details }),
    ...(retryAfter === undefined ? {} : { retryAfterSeconds: Number(retryAfter) })
  })
}

/** fetch's "fetch failed" names nothing; the cause (ECONNREFUSED, ENOTFOUND, a timeout) does. */
export function networkError (origin: string, error: unknown): NetworkError {
  const cause = (error as { cause?: { code?: string, message?: string } }).cause
  const why = cause?.code ?? cause?.message ?? (error as Error).message
  const timedOut = (error as Error).name === 'TimeoutError'
  return new NetworkError(timedOut ? `${origin} did not answer in time` : `cannot reach ${origin}: ${why}`, { cause: error })
}
