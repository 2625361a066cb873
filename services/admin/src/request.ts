// What a handler may know about the request, read once by the server: the Host the client
// used (SIWE and CSRF compare against it), who is asking (for rate limits), whether the
// connection is TLS (for the cookie's Secure flag), and the JSON body on demand.

import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import { InvalidInputError, PayloadTooLargeError } from '@pc2/core'
import { clientKey } from './auth/client-key.ts'

export interface RequestFacts {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  /** The Host header as sent, or undefined when the client sent none. */
  host: string | undefined
  /** Who is asking, for rate limits: the client IP (an IPv6 client by its /64). */
  client: string
  /** True when the request came over TLS. */
  secure: boolean
  /** Aborts when the client goes away. */
  signal: AbortSignal
  /** The body as JSON; refuses other content types, bad JSON and bodies over the limit. */
  readJson: () => Promise<unknown>
  /** The raw body, for the routes that stream it on (upload bytes); read it or readJson, not both. */
  body: Readable
}

/** Sign-in messages and settings are small; anything bigger is not a client of this API. */
export const bodyLimitBytes = 64 * 1024

export function requestFacts (request: IncomingMessage, url: URL, signal: AbortSignal): RequestFacts {
  return {
    method: request.method ?? 'GET',
    url,
    headers: request.headers,
    host: request.headers.host,
    client: clientKey(request.socket.remoteAddress),
    secure: (request.socket as Partial<TLSSocket>).encrypted === true,
    signal,
    readJson: async () => await readJsonBody(request, signal),
    body: request
  }
}

export async function readJsonBody (request: IncomingMessage, signal?: AbortSignal): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  // A cross-site form can send text/plain without asking; application/json needs a CORS
  // preflight, which this server never grants.
  if (type !== 'application/json') {
    throw new InvalidInputError('the body must be JSON, sent with Content-Type: application/json')
  }
  const declared = Number(request.headers['content-length'] ?? 0)
  if (declared > bodyLimitBytes) throw new PayloadTooLargeError(`the body may be at most ${bodyLimitBytes} bytes`)
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
    throw new InvalidInputError('the body is not valid JSON')
  }
}
