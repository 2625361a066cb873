// GET /uploads/<id> → { id, size, offset, blockBytes, state, cid? }: where to resume from.

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'
import { describeUpload, findUpload } from '../uploads/uploads.ts'

export const uploadStatus: IpfsHandler<'GET /uploads/:id'> = async ({ ipfs, params }) =>
  jsonReply(describeUpload(findUpload(ipfs.uploads, params.id)))
