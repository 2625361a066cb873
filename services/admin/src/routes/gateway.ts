// The public IPFS gateway on the admin port: `/ipfs/<cid>` passes to pc2-ipfs, which serves
// only what this node stores (never fetching on a stranger's behalf). Everything it serves
// is ciphertext or IPFS structure; keys never pass here.

import type { Reply } from '@pc2/core'
import { proxyReply } from '../backends/proxy.ts'
import type { AdminRouteContext } from '../context.ts'

const passedRequestHeaders = ['accept', 'range', 'if-none-match']

export async function gateway ({ admin, headers, method, url, signal }: AdminRouteContext): Promise<Reply> {
  const passed: Record<string, string> = {}
  for (const name of passedRequestHeaders) {
    const value = headers[name]
    if (typeof value === 'string') passed[name] = value
  }
  const response = await admin.clients.ipfs.request({
    method: method === 'HEAD' ? 'HEAD' : 'GET',
    path: `${url.pathname}${url.search}`,
    headers: passed,
    signal
  })
  return proxyReply(response)
}
