// The public IPFS gateway on the admin port: `/ipfs/<cid>` passes to pc2-ipfs, which serves
// only what this node stores (never fetching on a stranger's behalf). Everything it serves
// is ciphertext or IPFS structure; keys never pass here.

import { requestService } from '../backends/service-socket.ts'
import { proxyReply } from '../backends/proxy.ts'
import type { AnyReply } from '../http.ts'
import type { RouteContext } from '../router.ts'

const passedRequestHeaders = ['accept', 'range', 'if-none-match']

export async function gateway (context: RouteContext): Promise<AnyReply> {
  const headers: Record<string, string> = {}
  for (const name of passedRequestHeaders) {
    const value = context.headers[name]
    if (typeof value === 'string') headers[name] = value
  }
  const response = await requestService(context.services.backends.ipfs, {
    method: context.method === 'HEAD' ? 'HEAD' : 'GET',
    path: `${context.url.pathname}${context.url.search}`,
    headers,
    signal: context.signal
  })
  return proxyReply(response, { headOnly: context.method === 'HEAD' })
}
