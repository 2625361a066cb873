// Replies as values, and the one JSON error shape: `{ error: { name, message, details } }`
// with the error class's status. Only pc2-admin and pc2-shop reach this socket, and every
// detail a vault error carries is a field name or a CID, so details always go along.

import type { IncomingMessage, ServerResponse } from 'node:http'
import { InternalError, InvalidInputError, MethodNotAllowedError, PayloadTooLargeError, isPc2Error } from '@pc2/core'

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

export async function readJsonBody (request: IncomingMessage, signal?: AbortSignal): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') throw new InvalidInputError('the body must be JSON, sent with Content-Type: application/json')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request.iterator({ destroyOnReturn: false })) {
    signal?.throwIfAborted()
    size += (chunk as Buffer).length
    if (size > bodyLimitBytes) throw new PayloadTooLargeError(`the body may be at most ${bodyLimitBytes} bytes`)
    chunks.push(chunk as Buffer)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    // Not the parser's own message: it quotes the text, and the text may hold a key.
    throw new InvalidInputError('the body is not valid JSON')
  }
}
