// /api/shop/<rest> (owner): selling files, passed to pc2-shop (services/shop/API.md) as
// `/<rest>`. pc2-admin adds who is asking (`x-pc2-owner`, the signed-in owner's address),
// since pc2-shop has no sessions of its own; the shop's replies and errors pass through
// unchanged, the event stream (`/events`) chunk by chunk.

import { NotFoundError } from '@pc2/core'
import { requestService } from '../backends/service-socket.ts'
import { proxyReply } from '../backends/proxy.ts'
import type { AnyReply } from '../http.ts'
import type { OwnerContext, RouteContext } from '../router.ts'

/** What the owner API of pc2-shop has: `status`, `wallet`, `listings[/<id>]`, `sales`, `events`. */
const ownerPath = /^(status|wallet|sales|events|listings(\/\d{1,78})?)$/

export async function shopOwner (context: OwnerContext): Promise<AnyReply> {
  const rest = context.params['*'] ?? ''
  if (!ownerPath.test(rest)) throw new NotFoundError(`no shop route /api/shop/${rest}`)
  return await passToShop(context, `/${rest}`, { 'x-pc2-owner': context.session.address })
}

/** Calls pc2-shop with the request's method, query and JSON body, and streams its answer back. */
export async function passToShop (context: RouteContext, path: string, extraHeaders: Record<string, string> = {}): Promise<AnyReply> {
  const headers: Record<string, string> = { Accept: context.headers.accept ?? 'application/json', ...extraHeaders }
  let body: string | undefined
  if (hasBody(context)) {
    // Read and checked here (JSON, at most 64 KiB) so pc2-shop only ever sees well-formed bodies.
    body = JSON.stringify(await context.readJson())
    headers['Content-Type'] = 'application/json'
    headers['Content-Length'] = String(Buffer.byteLength(body))
  }
  const isEvents = path.endsWith('/events')
  // An event stream lasts until the client leaves or the server stops; other calls end with the client.
  const signal = isEvents ? AbortSignal.any([context.signal, context.services.stopping]) : context.signal
  const headOnly = context.method === 'HEAD'
  const response = await requestService(context.services.backends.shop, {
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
