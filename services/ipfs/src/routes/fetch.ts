// POST /fetch { cid, peerId? } → 201 { cid, size, from: { peerId, via } }

import { InvalidInputError } from '@pc2/core'
import { parseCid } from '../gateway/request.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function fetch ({ services, readJson, signal }: RouteContext): Promise<Reply> {
  const body = await readJson() as { cid?: unknown, peerId?: unknown } | null
  if (typeof body?.cid !== 'string') throw new InvalidInputError('cid must be a CID string', { details: { field: 'cid' } })
  if (body.peerId !== undefined && typeof body.peerId !== 'string') {
    throw new InvalidInputError('peerId must be a peer id string when given', { details: { field: 'peerId' } })
  }
  return jsonReply(await services.fetch(parseCid(body.cid), body.peerId, { signal }), 201)
}
