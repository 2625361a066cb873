// What a handler may know about the request, read once by the server: the Host the client
// used (SIWE and CSRF compare against it), who is asking (for rate limits), whether the
// connection is TLS (for the cookie's Secure flag), and the JSON body on demand.

import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Readable } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import { readJsonBody } from '@pc2/core'
import { clientKey } from './auth/client-key.ts'

export interface RequestFacts {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  /** The Host header as sent, or undefined when the client sent none. */
  host: string | undefined
  /** Who is asking, for rate limits: the client IP (an IPv6 client by its /64). */
  client: string
  /** The client's address as the socket has it, for the apps (REMOTE_ADDR). */
  remoteAddress: string
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
    remoteAddress: request.socket.remoteAddress ?? '',
    secure: (request.socket as Partial<TLSSocket>).encrypted === true,
    signal,
    readJson: async () => await readJsonBody(request, { limitBytes: bodyLimitBytes, signal }),
    body: request
  }
}
