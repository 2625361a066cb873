// PUT /uploads/<id>?offset=<n>, raw body → { offset } once all of it is on disk.

import { InvalidUploadError } from '../errors.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { writeUpload } from '../uploads/write.ts'

export async function uploadWrite ({ services, params, url, headers, request, signal }: RouteContext): Promise<Reply> {
  const offsetText = url.searchParams.get('offset') ?? ''
  if (!/^(0|[1-9][0-9]*)$/.test(offsetText) || !Number.isSafeInteger(Number(offsetText))) {
    throw new InvalidUploadError('offset must be given as ?offset=<bytes already uploaded>', { details: { offset: offsetText } })
  }
  const lengthText = headers['content-length']
  const result = await writeUpload(services.uploads, {
    id: params.id ?? '',
    offset: Number(offsetText),
    body: request,
    ...(lengthText === undefined ? {} : { length: Number(lengthText) })
  }, { signal })
  return jsonReply(result)
}
