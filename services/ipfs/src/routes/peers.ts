// GET /peers → { self, discovered, connected }

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function peers ({ services }: RouteContext): Promise<Reply> {
  return jsonReply(await services.peers.list())
}
