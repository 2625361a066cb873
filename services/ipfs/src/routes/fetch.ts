// POST /fetch { cid, peerId? } → 201 { cid, size, from: { peerId, via } }

import { InvalidInputError, jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'
import { parseCid } from '../gateway/request.ts'

export const fetch: IpfsHandler<'POST /fetch'> = async ({ ipfs, readJson, signal }) => {
  const body = await readJson() as { cid?: unknown, peerId?: unknown } | null
  if (typeof body?.cid !== 'string') throw new InvalidInputError('cid must be a CID string', { details: { field: 'cid' } })
  if (body.peerId !== undefined && typeof body.peerId !== 'string') {
    throw new InvalidInputError('peerId must be a peer id string when given', { details: { field: 'peerId' } })
  }
  return jsonReply(await ipfs.fetch(parseCid(body.cid), body.peerId, { signal }), 201)
}
