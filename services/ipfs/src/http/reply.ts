// Replies as values: a handler returns one, and one function writes it, so every response
// gets the same headers and every error the same JSON shape as pc2-admin's
// ({ error: { name, message, details } }). A StreamReply writes its body itself (CAR,
// file bytes), with backpressure: it never holds more than a block in memory.

import type { ServerResponse } from 'node:http'
import { InternalError, MethodNotAllowedError, isPc2Error } from '@pc2/core'

export interface Reply {
  status: number
  headers?: Record<string, string>
  body?: string | Uint8Array
}

export interface StreamReply {
  status: number
  headers: Record<string, string>
  /**
   * Writes the body through `write`, which resolves once the socket has taken the chunk (its
   * buffer may be reused then). A stream keeps its own bound on the writes it has waiting.
   */
  stream: (write: (chunk: Uint8Array) => Promise<void>, signal: AbortSignal) => Promise<void>
}

export type AnyReply = Reply | StreamReply

// Nothing here is for a browser to cache or reinterpret, except the gateway's immutable
// content, whose replies say so themselves.
export const commonHeaders: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff'
}

export function jsonReply (value: unknown, status = 200): Reply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: `${JSON.stringify(value)}\n` }
}

export function emptyReply (status = 204, headers: Record<string, string> = {}): Reply {
  return { status, headers }
}

/**
 * The reply for a failed request. Pc2Errors carry messages and details meant for the client
 * (the offset to resume from, the bytes free); anything else is a bug whose details belong
 * in the log, so the client gets a generic InternalError.
 */
export function errorReply (error: unknown): { reply: Reply, unexpected: boolean } {
  const known = isPc2Error(error)
  const shown = known ? error : new InternalError('internal error; the details are in the node log')
  const reply = jsonReply({ error: { name: shown.name, message: shown.message, ...(shown.details === undefined ? {} : { details: shown.details }) } }, shown.status)
  if (shown instanceof MethodNotAllowedError && Array.isArray(shown.details?.allow)) {
    reply.headers = { ...reply.headers, Allow: (shown.details.allow as string[]).join(', ') }
  }
  if (shown.status === 416 && typeof shown.details?.size === 'number') {
    reply.headers = { ...reply.headers, 'Content-Range': `bytes */${shown.details.size}` }
  }
  return { reply, unexpected: !known }
}

export async function sendReply (response: ServerResponse, reply: AnyReply, options: { headOnly: boolean, signal: AbortSignal }): Promise<void> {
  if ('stream' in reply) {
    response.writeHead(reply.status, { ...commonHeaders, ...reply.headers })
    if (options.headOnly) {
      response.end()
      return
    }
    const write = async (chunk: Uint8Array): Promise<void> => {
      options.signal.throwIfAborted()
      await new Promise<void>((resolve, reject) => {
        response.write(chunk, (error) => { if (error === null || error === undefined) resolve(); else reject(error) })
      })
    }
    await reply.stream(write, options.signal)
    response.end()
    return
  }
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body
  const headers: Record<string, string> = { ...commonHeaders, ...reply.headers }
  // A 304 or 204 has no body; a HEAD reply states the length the GET would have.
  if (body !== undefined) headers['Content-Length'] ??= String(body.byteLength)
  response.writeHead(reply.status, headers)
  response.end(options.headOnly ? undefined : body)
}
