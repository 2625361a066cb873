// GET /health: the shop is up (also while selling is off: then it idles).

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'

export async function health (): Promise<Reply> {
  return jsonReply({ ok: true })
}
