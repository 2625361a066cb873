// GET /sales → SalesResponse.

import { enabled } from '../context.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'
import { salesResponse } from '../views/sales.ts'

export async function sales ({ shop }: RouteContext): Promise<Reply> {
  enabled(shop)
  return jsonReply(salesResponse(shop))
}
