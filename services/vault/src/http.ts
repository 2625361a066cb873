// Replies as values, and the one JSON error shape: `{ error: { name, message, details } }`
// with the error class's status. Only pc2-admin and pc2-shop reach this socket, and every
// detail a vault error carries is a field name or a CID, so details always go along.

import type { ServerResponse } from 'node:http'
import { InternalError, MethodNotAllowedError, isPc2Error } from '@pc2/core'

export interface Reply {
  status: number
  /** JSON-encoded as the body; undefined for an empty body. */
  body?: unknown
  headers?: Record<string, string>
}

export function jsonReply (body: unknown, status = 200): Reply {
  return { status, body }
}

export function emptyReply (status = 204): Reply {
  return { status }
}

/** Pc2Errors carry messages written for the client; anything else is a bug and stays in the log. */
export function errorReply (error: unknown): { reply: Reply, unexpected: boolean } {
  const known = isPc2Error(error)
  const shown = known ? error : new InternalError('internal error; the details are in the vault log')
  const reply = jsonReply({ error: { name: shown.name, message: shown.message, ...(shown.details === undefined ? {} : { details: shown.details }) } }, shown.status)
  if (shown instanceof MethodNotAllowedError && Array.isArray(shown.details?.allow)) {
    reply.headers = { Allow: (shown.details.allow as string[]).join(', ') }
  }
  return { reply, unexpected: !known }
}

export function sendReply (response: ServerResponse, reply: Reply): void {
  const body = reply.body === undefined ? undefined : Buffer.from(`${JSON.stringify(reply.body)}\n`, 'utf8')
  response.writeHead(reply.status, {
    'Cache-Control': 'no-store',
    ...reply.headers,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.byteLength) })
  })
  response.end(body)
}

/** Keys and metadata are small; anything bigger is not a client of this API. */
export const bodyLimitBytes = 16 * 1024

