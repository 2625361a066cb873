// The replies of the services whose API is JSON on a Unix socket (pc2-vault, pc2-shop): a
// reply as a value, the one error shape `{ error: { name, message, details } }` with the
// error class's status, and writing it. Every detail these services' errors carry is a
// field name, a setting, an id or an address, so details always go along.

import type { ServerResponse } from 'node:http'
import { InternalError, MethodNotAllowedError, isPc2Error } from './errors.ts'

export interface JsonReply {
  status: number
  /** JSON-encoded as the body; undefined for an empty body. */
  body?: unknown
  headers?: Record<string, string>
}

export function jsonReply (body: unknown, status = 200): JsonReply {
  return { status, body }
}

/**
 * Pc2Errors carry messages written for the client; anything else is a bug and stays in the
 * log (`logName`, e.g. "vault", says which), while the client gets a generic InternalError.
 */
export function jsonErrorReply (error: unknown, logName: string): { reply: JsonReply, unexpected: boolean } {
  const known = isPc2Error(error)
  const shown = known ? error : new InternalError(`internal error; the details are in the ${logName} log`)
  const reply = jsonReply({ error: { name: shown.name, message: shown.message, ...(shown.details === undefined ? {} : { details: shown.details }) } }, shown.status)
  if (shown instanceof MethodNotAllowedError && Array.isArray(shown.details?.allow)) {
    reply.headers = { Allow: (shown.details.allow as string[]).join(', ') }
  }
  return { reply, unexpected: !known }
}

export function writeJsonReply (response: ServerResponse, reply: JsonReply): void {
  const body = reply.body === undefined ? undefined : Buffer.from(`${JSON.stringify(reply.body)}\n`, 'utf8')
  response.writeHead(reply.status, {
    'Cache-Control': 'no-store',
    ...reply.headers,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(body.byteLength) })
  })
  response.end(body)
}
