// Passing an owner's or visitor's call on to a service behind pc2-admin (pc2-shop,
// pc2-egress): method, query and a checked JSON body go along; the answer, an event stream
// included, comes back chunk by chunk.

import { requestService } from './service-socket.ts'
import type { ServiceSocket } from './service-socket.ts'
import { proxyReply } from './proxy.ts'
import type { AnyReply } from '../http.ts'
import type { RouteContext } from '../router.ts'

/**
 * Calls `backend` with the request's method, query and JSON body (or `json`, a body the
 * route has already read and changed), and streams its answer back.
 */
export async function passToService (context: RouteContext, backend: ServiceSocket, path: string, extraHeaders: Record<string, string> = {}, json?: unknown): Promise<AnyReply> {
  const headers: Record<string, string> = { Accept: context.headers.accept ?? 'application/json', ...extraHeaders }
  let body: string | undefined
  if (json !== undefined) {
    body = JSON.stringify(json)
    headers['Content-Type'] = 'application/json'
    headers['Content-Length'] = String(Buffer.byteLength(body))
  } else if (hasBody(context)) {
    // Read and checked here (JSON, at most 64 KiB) so the service only ever sees well-formed bodies.
    body = JSON.stringify(await context.readJson())
    headers['Content-Type'] = 'application/json'
    headers['Content-Length'] = String(Buffer.byteLength(body))
  }
  const isEvents = path.endsWith('/events')
  // An event stream lasts until the client leaves or the server stops; other calls end with the client.
  const signal = isEvents ? AbortSignal.any([context.signal, context.services.stopping]) : context.signal
  const headOnly = context.method === 'HEAD'
  const response = await requestService(backend, {
    method: headOnly ? 'GET' : context.method,
    path: `${path}${context.url.search}`,
    headers,
    ...(body === undefined ? {} : { body }),
    signal
  })
  const reply = proxyReply(response, { headOnly, signal })
  if (isEvents) reply.headers = { ...reply.headers, 'X-Accel-Buffering': 'no' }
  return reply
}

function hasBody (context: RouteContext): boolean {
  if (context.method === 'GET' || context.method === 'HEAD' || context.method === 'DELETE') return false
  const length = context.headers['content-length']
  return context.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}
