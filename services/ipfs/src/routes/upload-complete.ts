// POST /uploads/<id>/complete → 201 { cid, size }: the file is built, pinned and served.

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { completeUpload } from '../uploads/complete.ts'

export async function uploadComplete ({ services, params, signal }: RouteContext): Promise<Reply> {
  return jsonReply(await completeUpload(services.uploads, params.id ?? '', { signal }), 201)
}
