// POST /uploads { size } → 201 { id, size, offset: 0, blockBytes }

import { jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'
import { createUpload } from '../uploads/create.ts'
import { describeUpload } from '../uploads/uploads.ts'

export const uploadCreate: IpfsHandler<'POST /uploads'> = async ({ ipfs, readJson, signal }) => {
  const session = await createUpload(ipfs.uploads, await readJson(), { signal })
  const { id, size, offset, blockBytes } = describeUpload(session)
  return jsonReply({ id, size, offset, blockBytes }, 201)
}
