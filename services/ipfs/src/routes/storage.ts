// GET /storage → { usedBytes, quotaBytes, freeBytes, pinnedBytes, blocks, uploadsOpen }

import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function storage ({ services }: RouteContext): Promise<Reply> {
  const { usedBytes, quotaBytes, freeBytes, blocks } = await services.space.status()
  const pinnedBytes = services.pins.list().reduce((sum, pin) => sum + pin.size, 0)
  const uploadsOpen = [...services.uploads.sessions.values()].filter((session) => session.record.state === 'open').length
  return jsonReply({ usedBytes, quotaBytes, freeBytes, pinnedBytes, blocks, uploadsOpen })
}
