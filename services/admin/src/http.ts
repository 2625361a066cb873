// Replies as values: handlers return a Reply and one function writes it, so every
// response gets the same headers and every error the same JSON shape. The one exception is
// a StreamReply (Server-Sent Events), which writes for as long as the client listens.

import type { ServerResponse } from 'node:http'
import { InternalError, MethodNotAllowedError, TooManyRequestsError, isPc2Error } from '@pc2/core'
import type { ErrorResponse } from '@pc2/core'

export interface Reply {
  status: number
  contentType: string
  body: string | Uint8Array
  headers?: Record<string, string>
}

export interface StreamReply {
  status: number
  contentType: string
  headers?: Record<string, string>
  /** Writes the body; resolves when the stream is over (the response is ended after). */
  stream: (response: ServerResponse) => Promise<void>
}

export type AnyReply = Reply | StreamReply

// The admin API and UI are read by the owner's browser on the LAN: nothing is cached unless
// a reply says otherwise, nothing may be sniffed into another type, framed, run from
// another origin, or leak its URL to another site.
// 'wasm-unsafe-eval' lets the pages instantiate libsodium's WebAssembly (the browser encrypts
// uploads and decrypts downloads); it allows no eval of JavaScript.
export const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

export const commonHeaders: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': contentSecurityPolicy
}

export function jsonReply (value: unknown, status = 200): Reply {
  return { status, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(value, null, 2)}\n` }
}

export function htmlReply (html: string, status = 200): Reply {
  return { status, contentType: 'text/html; charset=utf-8', body: html }
}

export function emptyReply (status = 204, headers?: Record<string, string>): Reply {
  return { status, contentType: 'text/plain; charset=utf-8', body: '', ...(headers === undefined ? {} : { headers }) }
}

/**
 * The reply for a failed request. Pc2Errors carry messages written for the client; anything
 * else is a bug whose details belong in the log, so the client gets a generic InternalError.
 */
export function errorReply (error: unknown): { reply: Reply, unexpected: boolean } {
  const known = isPc2Error(error)
  const shown = known ? error : new InternalError('internal error; the details are in the node log')
  const body: ErrorResponse & { error: { details?: Record<string, unknown> } } = { error: { name: shown.name, message: shown.message } }
  // Details of a refused request tell the client what to fix: the field (PUT /api/settings),
  // the offset to resume an upload from (409), the free space (507).
  if (((shown.status >= 400 && shown.status < 500) || shown.status === 507) && shown.details !== undefined) body.error.details = shown.details
  const reply = jsonReply(body, shown.status)
  if (shown instanceof MethodNotAllowedError && Array.isArray(shown.details?.allow)) {
    reply.headers = { Allow: (shown.details.allow as string[]).join(', ') }
  }
  if (shown instanceof TooManyRequestsError && typeof shown.details?.retryAfterSeconds === 'number') {
    reply.headers = { 'Retry-After': String(shown.details.retryAfterSeconds) }
  }
  return { reply, unexpected: !known }
}

export function sendReply (response: ServerResponse, reply: Reply, headOnly: boolean): void {
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body
  response.writeHead(reply.status, {
    ...commonHeaders,
    ...reply.headers,
    'Content-Type': reply.contentType,
    'Content-Length': String(body.byteLength)
  })
  response.end(headOnly ? undefined : body)
}

export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}
