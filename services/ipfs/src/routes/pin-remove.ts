// DELETE /pins/<cid> → 204; the blocks go at the next collection unless something else holds them.

import { emptyReply, PinNotFoundError } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'
import { parseCid } from '../gateway/request.ts'

export const pinRemove: IpfsHandler<'DELETE /pins/:cid'> = async ({ ipfs, params }) => {
  const cid = parseCid(params.cid)
  if (!await ipfs.pins.remove(cid)) throw new PinNotFoundError(`${cid.toString()} is not pinned`, { details: { cid: cid.toString() } })
  return emptyReply()
}
