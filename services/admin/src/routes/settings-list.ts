// GET /api/settings (owner): every setting with its value, source and restart flag.

import type { Reply, SettingsResponse } from '@pc2/core'
import { jsonReply } from '@pc2/core'
import type { OwnerRouteContext } from '../context.ts'

export async function listSettings ({ admin, signal }: OwnerRouteContext): Promise<Reply> {
  const body: SettingsResponse = { settings: await admin.settings.list({ signal }) }
  return jsonReply(body)
}
