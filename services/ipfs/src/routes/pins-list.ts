// GET /pins → { pins: [{ cid, size, pinnedAt }] }, oldest first.

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function pinsList ({ services }: RouteContext): Promise<Reply> {
  const pins = services.pins.list().sort((a, b) => a.pinnedAt.localeCompare(b.pinnedAt) || a.cid.localeCompare(b.cid))
  return jsonReply({ pins })
}
