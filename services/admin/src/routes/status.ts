// GET /api/status (owner): the node's status document (services/core/src/admin-status.ts).

import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { OwnerContext } from '../router.ts'

export async function status ({ services, signal }: OwnerContext): Promise<Reply> {
  return jsonReply(await services.collectStatus({ signal }))
}
