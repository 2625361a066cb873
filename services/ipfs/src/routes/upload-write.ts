// PUT /uploads/<id>?offset=<n>, raw body → { offset } once all of it is on disk.

import { InvalidUploadError, jsonReply } from '@pc2/core'
import type { IpfsHandler } from '../context.ts'
import { writeUpload } from '../uploads/write.ts'

export const uploadWrite: IpfsHandler<'PUT /uploads/:id'> = async ({ ipfs, params, query, headers, body, signal }) => {
  const offsetText = query.get('offset') ?? ''
  if (!/^(0|[1-9][0-9]*)$/.test(offsetText) || !Number.isSafeInteger(Number(offsetText))) {
    throw new InvalidUploadError('offset must be given as ?offset=<bytes already uploaded>', { details: { offset: offsetText } })
  }
  const lengthText = headers['content-length']
  const result = await writeUpload(ipfs.uploads, {
    id: params.id,
    offset: Number(offsetText),
    body,
    ...(lengthText === undefined ? {} : { length: Number(lengthText) })
  }, { signal })
  return jsonReply(result)
}
