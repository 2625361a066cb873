// Replies as values: a handler returns one and the route server writes it, so every reply of
// a server gets the same headers and every failure the same JSON shape,
// `{ error: { name, message, details? } }`. Three kinds: JSON (serialised by the server),
// bytes (a page, a file, nothing), and a stream written bit by bit with backpressure (an
// event stream, a CAR, a reply passed through from another service).

import type { ServerResponse } from 'node:http'
import { InternalError, isPc2Error } from '../errors.ts'

export type ReplyHeaders = Record<string, string | string[]>

interface ReplyBase {
  status: number
  headers?: ReplyHeaders
}

/** `json` is what the body says: typed, so that a route's reply is checked against its API. */
export interface JsonReply<Body = unknown> extends ReplyBase {
  json: Body
}

export interface BytesReply extends ReplyBase {
  /** Nothing for an empty body (a 204, a redirect). */
  body?: string | Uint8Array
}

/**
 * A body written as it is produced. `write` resolves once the socket has taken the chunk (its
 * buffer may be reused then) and throws once the client is gone; the stream ends when the
 * function returns or `signal` aborts (the client left, the server is closing).
 */
export interface StreamReply extends ReplyBase {
  stream: (write: (chunk: string | Uint8Array) => Promise<void>, signal: AbortSignal) => Promise<void>
  /** Called instead of `stream` when no body is wanted (HEAD): lets go of what would have fed it. */
  discard?: () => void
}

export type Reply = JsonReply | BytesReply | StreamReply

export function jsonReply<Body> (json: Body, status = 200): JsonReply<Body> {
  return { status, json }
}

export function emptyReply (status = 204, headers?: ReplyHeaders): BytesReply {
  return headers === undefined ? { status } : { status, headers }
}

export function isStreamReply (reply: Reply): reply is StreamReply {
  return 'stream' in reply
}

export interface ErrorReplyOptions {
  /** The service whose log has the details of an unexpected failure (`pc2-vault`). */
  service: string
  /**
   * Whether a failure's details go to the client. Services behind a Unix socket tell their
   * callers everything (their details are field names, ids, offsets); the LAN-facing admin
   * shows only what tells the client what to fix.
   */
  showDetails?: (status: number) => boolean
}

/**
 * The reply for a failed request. Pc2Errors carry messages written for the client; anything
 * else is a bug whose details belong in the log (`unexpected`), so the client gets a generic
 * InternalError. Statuses that HTTP pairs with a header get it here: Allow with a 405,
 * Retry-After with a 429, Content-Range with a 416.
 */
export function errorReply (error: unknown, options: ErrorReplyOptions): { reply: JsonReply<ErrorBody>, unexpected: boolean } {
  const known = isPc2Error(error)
  const shown = known ? error : new InternalError(`internal error; the details are in the ${options.service} log`)
  const showDetails = shown.details !== undefined && (options.showDetails?.(shown.status) ?? true)
  const reply: JsonReply<ErrorBody> = jsonReply({ error: { name: shown.name, message: shown.message, ...(showDetails ? { details: shown.details } : {}) } }, shown.status)
  const details = shown.details ?? {}
  if (shown.status === 405 && Array.isArray(details.allow)) reply.headers = { Allow: (details.allow as string[]).join(', ') }
  if (shown.status === 429 && typeof details.retryAfterSeconds === 'number') reply.headers = { 'Retry-After': String(details.retryAfterSeconds) }
  if (shown.status === 416 && typeof details.size === 'number') reply.headers = { 'Content-Range': `bytes */${details.size}` }
  return { reply, unexpected: !known }
}

/** The one error shape of every PC2 API. */
export interface ErrorBody {
  error: { name: string, message: string, details?: Record<string, unknown> }
}

export interface WriteReplyOptions {
  /** Headers every reply of the server carries; the reply's own win. */
  commonHeaders: ReplyHeaders
  /** HEAD: status and headers only (a bytes or JSON reply states the length a GET would have). */
  headOnly: boolean
  signal: AbortSignal
}

export async function writeReply (response: ServerResponse, reply: Reply, options: WriteReplyOptions): Promise<void> {
  if (isStreamReply(reply)) {
    response.writeHead(reply.status, { ...options.commonHeaders, ...reply.headers })
    if (options.headOnly) {
      reply.discard?.()
      response.end()
      return
    }
    response.flushHeaders()
    await reply.stream(async (chunk) => { await writeChunk(response, chunk, options.signal) }, options.signal)
    response.end()
    return
  }
  const body = 'json' in reply ? `${JSON.stringify(reply.json)}\n` : reply.body
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  const headers: ReplyHeaders = { ...options.commonHeaders, ...('json' in reply ? { 'Content-Type': 'application/json; charset=utf-8' } : {}), ...reply.headers }
  // A 204 or 304 has no body and no length; a HEAD reply states the length the GET would have.
  if (bytes !== undefined && headers['Content-Length'] === undefined && headers['content-length'] === undefined) headers['Content-Length'] = String(bytes.byteLength)
  response.writeHead(reply.status, headers)
  response.end(options.headOnly ? undefined : bytes)
}

async function writeChunk (response: ServerResponse, chunk: string | Uint8Array, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted()
  if (response.destroyed) throw new Error('the client went away')
  await new Promise<void>((resolve, reject) => {
    response.write(chunk, (error) => { if (error === null || error === undefined) resolve(); else reject(error) })
  })
}
