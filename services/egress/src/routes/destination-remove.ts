// DELETE /units/<unit>/destinations/<key> → DestinationRemoved.

import { jsonReply } from '@pc2/core'
import type { EgressHandler } from '../context.ts'
import { destinationView, policyResponse } from '../policy-response.ts'
import { removeDestination } from '../rules/remove-destination.ts'

export const removeDestinationRoute: EgressHandler<'DELETE /units/:unit/destinations/:key'> = async ({ egress, params, signal }) => {
  const removed = await removeDestination(egress, params.unit, params.key, { signal })
  return jsonReply({ removed: destinationView(removed), policy: policyResponse(egress) })
}
