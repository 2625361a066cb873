// Replies as values: handlers return a Reply and one function writes it, so every
// response gets the same headers and every error the same JSON shape.

import type { ServerResponse } from 'node:http'
import { InternalError, MethodNotAllowedError, isPc2Error } from '@pc2/core'
import type { ErrorResponse } from '@pc2/core'

export interface Reply {
  status: number
  contentType: string
  body: string
  headers?: Record<string, string>
}

// The admin API is read by the owner's browser on the LAN: nothing is cached, nothing may
// be sniffed into another type, framed, or leak its URL to another site.
const commonHeaders: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'"
}

export function jsonReply (value: unknown, status = 200): Reply {
  return { status, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(value, null, 2)}\n` }
}

export function htmlReply (html: string, status = 200): Reply {
  return { status, contentType: 'text/html; charset=utf-8', body: html }
}

/**
 * The reply for a failed request. Pc2Errors carry messages written for the client; anything
 * else is a bug whose details belong in the log, so the client gets a generic InternalError.
 */
export function errorReply (error: unknown): { reply: Reply, unexpected: boolean } {
  const known = isPc2Error(error)
  const shown = known ? error : new InternalError('internal error; the details are in the node log')
  const body: ErrorResponse = { error: { name: shown.name, message: shown.message } }
  const reply = jsonReply(body, shown.status)
  if (shown instanceof MethodNotAllowedError && Array.isArray(shown.details?.allow)) {
    reply.headers = { Allow: (shown.details.allow as string[]).join(', ') }
  }
  return { reply, unexpected: !known }
}

export function sendReply (response: ServerResponse, reply: Reply, headOnly: boolean): void {
  const body = Buffer.from(reply.body, 'utf8')
  response.writeHead(reply.status, {
    ...commonHeaders,
    ...reply.headers,
    'Content-Type': reply.contentType,
    'Content-Length': String(body.length)
  })
  response.end(headOnly ? undefined : body)
}

export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)
}
