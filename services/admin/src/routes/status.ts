// GET /api/status (owner): the node's status document (admin/core/src/admin-status.ts).

import { jsonReply } from '@pc2/core'
import type { Reply } from '@pc2/core'
import type { OwnerRouteContext } from '../context.ts'

export async function status ({ admin, signal }: OwnerRouteContext): Promise<Reply> {
  return jsonReply(await admin.collectStatus({ signal }))
}
