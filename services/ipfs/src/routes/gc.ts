// POST /gc → { removedBlocks, freedBytes }

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function gc ({ services, signal }: RouteContext): Promise<Reply> {
  return jsonReply(await services.collectGarbage({ signal }))
}
