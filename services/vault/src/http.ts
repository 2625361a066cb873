// pc2-vault's replies: the JSON replies and error shape of core's json-reply.ts. Only
// pc2-admin and pc2-shop reach this socket, and every detail a vault error carries is a
// field name or a CID, so details always go along.

import type { ServerResponse } from 'node:http'
import { jsonErrorReply, writeJsonReply } from '@pc2/core'
import type { JsonReply } from '@pc2/core'

export type Reply = JsonReply
export { jsonReply } from '@pc2/core'

export function emptyReply (status = 204): Reply {
  return { status }
}

export function errorReply (error: unknown): { reply: Reply, unexpected: boolean } {
  return jsonErrorReply(error, 'vault')
}

export function sendReply (response: ServerResponse, reply: Reply): void {
  writeJsonReply(response, reply)
}

/** Keys and metadata are small; anything bigger is not a client of this API. */
export const bodyLimitBytes = 16 * 1024

