// GET /uploads/<id> → { id, size, offset, blockBytes, state, cid? }: where to resume from.

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { describeUpload, findUpload } from '../uploads/uploads.ts'

export async function uploadStatus ({ services, params }: RouteContext): Promise<Reply> {
  return jsonReply(describeUpload(findUpload(services.uploads, params.id ?? '')))
}
