// DELETE /uploads/<id> → 204

import { emptyReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'
import { removeUpload } from '../uploads/remove.ts'

export const uploadDelete: IpfsHandler<'DELETE /uploads/:id'> = async ({ ipfs, params }) => {
  await removeUpload(ipfs.uploads, params.id)
  return emptyReply()
}
