// GET /status → ShopStatus.

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { shopStatus } from '../views/status.ts'

export async function status ({ shop, signal }: RouteContext): Promise<Reply> {
  return jsonReply(await shopStatus(shop, { signal }))
}
