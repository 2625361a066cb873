// GET /health: the service is up, and which peer it is.

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function health ({ services }: RouteContext): Promise<Reply> {
  return jsonReply({ ok: true, peerId: services.peerId() })
}
