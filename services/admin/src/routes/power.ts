// POST /api/system/reboot and /api/system/poweroff (owner): hand the request to the root
// watcher (see power/request.ts) and answer 202: the node goes down after the answer.

import type { PowerAction, PowerResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import { writePowerRequest } from '../power/request.ts'
import type { OwnerContext } from '../router.ts'

export function requestPower (action: PowerAction): (context: OwnerContext) => Promise<Reply> {
  return async ({ services, signal, client }) => {
    await writePowerRequest(services.runtimeDir, action, { signal })
    services.logger.notice(`${action} requested by the owner`, { client })
    const body: PowerResponse = { accepted: action }
    return jsonReply(body, 202)
  }
}
