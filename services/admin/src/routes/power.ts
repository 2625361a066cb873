// POST /api/system/reboot and /api/system/poweroff (owner): hand the request to the root
// watcher (see power/request.ts) and answer 202: the node goes down after the answer.

import type { PowerAction, PowerResponse, Reply } from '@pc2/core'
import { jsonReply } from '@pc2/core'
import { writePowerRequest } from '../power/request.ts'
import type { OwnerRouteContext } from '../context.ts'

export function requestPower (action: PowerAction): (context: OwnerRouteContext) => Promise<Reply> {
  return async ({ admin, signal, client }) => {
    await writePowerRequest(admin.runtimeDir, action, { signal })
    admin.logger.notice(`${action} requested by the owner`, { client })
    const body: PowerResponse = { accepted: action }
    return jsonReply(body, 202)
  }
}
