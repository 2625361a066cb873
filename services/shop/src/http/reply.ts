// pc2-shop's replies: the JSON replies and error shape of core's json-reply.ts (as in
// pc2-vault), and event streams (SSE): a StreamReply writes until its signal aborts (the
// client left, or the shop is stopping).

import { jsonErrorReply } from '@pc2/core'
import type { ApiReply, JsonReply } from '@pc2/core'

export type Reply = JsonReply
export { jsonReply } from '@pc2/core'

export type { StreamReply } from '@pc2/core'
export type AnyReply = ApiReply

export function errorReply (error: unknown): { reply: Reply, unexpected: boolean } {
  return jsonErrorReply(error, 'shop')
}

export { sendApiReply as sendReply } from '@pc2/core'

/** Request bodies are listings' text and numbers; anything bigger is not a client of this API. */
export const bodyLimitBytes = 16 * 1024
