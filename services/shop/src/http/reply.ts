// Replies as values, and the one JSON error shape: `{ error: { name, message, details } }`
// with the error class's status, as in pc2-vault. An event stream (SSE) is a StreamReply:
// it writes until its signal aborts (the client left, or the shop is stopping).

import type { ServerResponse } from 'node:http'
import { InternalError, MethodNotAllowedError, isPc2Error } from '@pc2/core'

export interface Reply {
  status: number
  /** JSON-encoded as the body; undefined for an empty body. */
  body?: unknown
  headers?: Record<string, string>
}

export interface StreamReply {
  status: number
  headers: Record<string, string>
  stream: (write: (text: string) => void, signal: AbortSignal) => Promise<void>
}

export type AnyReply = Reply | StreamReply

export function jsonReply (body: unknown, status = 200): Reply {
  return { status, body }
}

/** Pc2Errors carry messages written for the client; anything else is a bug and stays in the log. */
export function errorReply (error: unknown): { reply: Reply, unexpected: boolean } {
  const known = isPc2Error(error)
  const shown = known ? error : new InternalError('internal error; the details are in the shop log')
  const reply = jsonReply({ error: { name: shown.name, message: shown.message, ...(shown.details === undefined ? {} : { details: shown.details }) } }, shown.status)
  if (shown instanceof MethodNotAllowedError && Array.isArray(shown.details?.allow)) {
    reply.headers = { Allow: (shown.details.allow as string[]).join(', ') }
  }
  return { reply, unexpected: !known }
}

export async function sendReply (response: ServerResponse, reply: AnyReply, signal: AbortSignal): Promise<void> {
  if ('stream' in reply) {
    response.writeHead(reply.status, { 'Cache-Control': 'no-store', ...reply.headers })
    response.flushHeaders()
    await reply.stream((text) => { if (!response.destroyed) response.write(text) }, signal)
    response.end()
    return
  }
  const body = reply.body === undefined ? undefined : Buffer.from(`${JSON.stringify(reply.body)}\n`, 'utf8')
  response.writeHead(reply.status, {
    'Cache-Control': 'no-store',
    ...reply.headers,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.byteLength) })
  })
  response.end(body)
}

/** Request bodies are listings' text and numbers; anything bigger is not a client of this API. */
export const bodyLimitBytes = 16 * 1024
