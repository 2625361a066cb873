// POST /units/<unit>/destinations DestinationRequest → 201 DestinationAdded, or 200 with
// `added: false` when the unit may reach it already.

import { jsonReply } from '@pc2/core'
import type { EgressHandler } from '../context.ts'
import { parseDestination } from '../destination.ts'
import { policyResponse } from '../policy-response.ts'
import { addDestination } from '../rules/add-destination.ts'

export const addDestinationRoute: EgressHandler<'POST /units/:unit/destinations'> = async ({ egress, params, readJson, signal }) => {
  const destination = parseDestination(await readJson())
  const { key, added } = await addDestination(egress, params.unit, destination, { signal })
  return jsonReply({ key, added, policy: policyResponse(egress) }, added ? 201 : 200)
}
