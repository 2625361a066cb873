// DELETE /pins/<cid> → 204; the blocks go at the next collection unless something else holds them.

import { PinNotFoundError } from '../errors.ts'
import { parseCid } from '../gateway/request.ts'
import { emptyReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function pinRemove ({ services, params }: RouteContext): Promise<Reply> {
  const cid = parseCid(params.cid ?? '')
  if (!await services.pins.remove(cid)) throw new PinNotFoundError(`${cid.toString()} is not pinned`, { details: { cid: cid.toString() } })
  return emptyReply()
}
