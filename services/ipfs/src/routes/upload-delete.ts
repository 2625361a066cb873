// DELETE /uploads/<id> → 204

import { emptyReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { removeUpload } from '../uploads/remove.ts'

export async function uploadDelete ({ services, params }: RouteContext): Promise<Reply> {
  await removeUpload(services.uploads, params.id ?? '')
  return emptyReply()
}
