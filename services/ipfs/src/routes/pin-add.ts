// PUT /pins/<cid> → { cid, size }: pins content that is here in full (404 naming the
// missing block otherwise; this never fetches, POST /fetch does).

import { parseCid } from '../gateway/request.ts'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function pinAdd ({ services, params, signal }: RouteContext): Promise<Reply> {
  const pin = await services.pin(parseCid(params.cid ?? ''), { signal })
  return jsonReply({ cid: pin.cid, size: pin.size })
}
