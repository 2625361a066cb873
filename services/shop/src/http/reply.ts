// pc2-shop's replies: the JSON replies and error shape of core's json-reply.ts (as in
// pc2-vault), and event streams (SSE): a StreamReply writes until its signal aborts (the
// client left, or the shop is stopping).

import type { ServerResponse } from 'node:http'
import { jsonErrorReply, writeJsonReply } from '@pc2/core'
import type { JsonReply } from '@pc2/core'

export type Reply = JsonReply
export { jsonReply } from '@pc2/core'

export interface StreamReply {
  status: number
  headers: Record<string, string>
  stream: (write: (text: string) => void, signal: AbortSignal) => Promise<void>
}

export type AnyReply = Reply | StreamReply

export function errorReply (error: unknown): { reply: Reply, unexpected: boolean } {
  return jsonErrorReply(error, 'shop')
}

export async function sendReply (response: ServerResponse, reply: AnyReply, signal: AbortSignal): Promise<void> {
  if ('stream' in reply) {
    response.writeHead(reply.status, { 'Cache-Control': 'no-store', ...reply.headers })
    response.flushHeaders()
    await reply.stream((text) => { if (!response.destroyed) response.write(text) }, signal)
    response.end()
    return
  }
  writeJsonReply(response, reply)
}

/** Request bodies are listings' text and numbers; anything bigger is not a client of this API. */
export const bodyLimitBytes = 16 * 1024
