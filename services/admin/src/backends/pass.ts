// Passing an owner's or visitor's call on to a service behind pc2-admin (pc2-shop,
// pc2-egress, pc2-apps): method, query and a checked JSON body go along; the answer, an
// event stream included, comes back chunk by chunk.

import type { ServiceClient, StreamReply } from '@pc2/core'
import type { AdminRouteContext } from '../context.ts'
import { proxyReply } from './proxy.ts'

/**
 * Calls `service` with the request's method, query and JSON body (or `json`, a body the
 * route has already read and changed), and streams its answer back.
 */
export async function passToService (context: AdminRouteContext, service: ServiceClient<object>, path: string, extraHeaders: Record<string, string> = {}, json?: unknown): Promise<StreamReply> {
  const headers: Record<string, string> = { Accept: context.headers.accept ?? 'application/json', ...extraHeaders }
  let body: string | undefined
  if (json !== undefined || hasBody(context)) {
    // Read and checked here (JSON, at most 64 KiB) so the service only ever sees well-formed bodies.
    body = JSON.stringify(json ?? await context.readJson())
    headers['Content-Type'] = 'application/json'
    headers['Content-Length'] = String(Buffer.byteLength(body))
  }
  const isEvents = path.endsWith('/events')
  // An event stream lasts until the client leaves or the server stops; other calls end with the client.
  const signal = isEvents ? AbortSignal.any([context.signal, context.stopping]) : context.signal
  const response = await service.request({
    method: context.method === 'HEAD' ? 'GET' : context.method,
    path: `${path}${context.url.search}`,
    headers,
    ...(body === undefined ? {} : { body }),
    signal
  })
  const reply = proxyReply(response)
  if (isEvents) reply.headers = { ...reply.headers, 'X-Accel-Buffering': 'no' }
  return reply
}

function hasBody (context: AdminRouteContext): boolean {
  if (context.method === 'GET' || context.method === 'HEAD' || context.method === 'DELETE') return false
  const length = context.headers['content-length']
  return context.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}
