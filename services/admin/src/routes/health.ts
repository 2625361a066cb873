// GET /api/health (public): what this is and whether it has an owner, for the UI's first
// screen (claim or sign in) and for anything checking that the node is up.

import type { HealthResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'

export async function health ({ services: { imageConfig, owner } }: RouteContext): Promise<Reply> {
  const body: HealthResponse = {
    product: { name: imageConfig.name, id: imageConfig.id, version: imageConfig.version },
    claimed: owner.current() !== undefined
  }
  return jsonReply(body)
}
