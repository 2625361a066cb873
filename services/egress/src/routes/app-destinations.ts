// PUT /apps/<app>/destinations AppDestinationsRequest → AppDestinationsSet: pc2-apps-launcher,
// before a run of an app granted the network (an empty list takes it all back). Each
// destination is read as the owner's are, the index named when one is wrong.

import { InvalidInputError, jsonReply } from '@pc2/core'
import type { EgressHandler } from '../context.ts'
import { parseDestination } from '../destination.ts'
import type { Destination } from '../destination.ts'
import { policyResponse } from '../policy-response.ts'
import { setAppDestinations } from '../rules/set-app-destinations.ts'

export const appDestinationsRoute: EgressHandler<'PUT /apps/:app/destinations'> = async ({ egress, params, readJson, signal }) => {
  const { changed } = await setAppDestinations(egress, params.app, readAppDestinations(await readJson()), { signal })
  return jsonReply({ changed, policy: policyResponse(egress) })
}

function readAppDestinations (body: unknown): Destination[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { destinations?: unknown }).destinations)) throw new InvalidInputError('expected { "destinations": [{ "host", "port" }, …] }', { details: { field: 'destinations' } })
  return (body as { destinations: unknown[] }).destinations.map((item: unknown, index: number) => {
    try {
      return parseDestination(item)
    } catch (error) {
      throw new InvalidInputError(`destinations[${index}]: ${(error as Error).message}`, { details: { field: `destinations[${index}]` }, cause: error })
    }
  })
}
