// GET /api/health (public): what this is and whether it has an owner, for the UI's first
// screen (claim or sign in) and for anything checking that the node is up.

import type { HealthResponse, Reply } from '@pc2/core'
import { jsonReply } from '@pc2/core'
import type { AdminRouteContext } from '../context.ts'

export async function health ({ admin: { imageConfig, owner } }: AdminRouteContext): Promise<Reply> {
  const body: HealthResponse = {
    product: { name: imageConfig.name, id: imageConfig.id, version: imageConfig.version },
    claimed: owner.current() !== undefined
  }
  return jsonReply(body)
}
