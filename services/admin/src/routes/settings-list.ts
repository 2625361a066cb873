// GET /api/settings (owner): every setting with its value, source and restart flag.

import type { SettingsResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { OwnerContext } from '../router.ts'

export async function listSettings ({ services, signal }: OwnerContext): Promise<Reply> {
  const body: SettingsResponse = { settings: await services.settings.list({ signal }) }
  return jsonReply(body)
}
