// GET /health: the vault is up and its state opened (start fails otherwise).

import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'

export async function health (): Promise<Reply> {
  return jsonReply({ ok: true })
}
