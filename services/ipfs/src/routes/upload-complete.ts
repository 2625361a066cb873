// POST /uploads/<id>/complete → 201 { cid, size }: the file is built, pinned and served.

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'
import { completeUpload } from '../uploads/complete.ts'

export const uploadComplete: IpfsHandler<'POST /uploads/:id/complete'> = async ({ ipfs, params, signal }) =>
  jsonReply(await completeUpload(ipfs.uploads, params.id, { signal }), 201)
