// PUT /pins/<cid> → { cid, size }: pins content that is here in full (404 naming the
// missing block otherwise; this never fetches, POST /fetch does).

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'
import { parseCid } from '../gateway/request.ts'

export const pinAdd: IpfsHandler<'PUT /pins/:cid'> = async ({ ipfs, params, signal }) => {
  const pin = await ipfs.pin(parseCid(params.cid), { signal })
  return jsonReply({ cid: pin.cid, size: pin.size })
}
