// Makes `destinations` all that an app's runs may reach (none: the app's chain goes), as
// pc2-apps-launcher asks before a run. Host names are looked up first, so that the app's
// first run already reaches them. The same list again changes nothing.

import { appNamePattern, InvalidInputError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import type { EgressContext } from '../context.ts'
import { egressDefaults } from '../defaults.ts'
import { destinationKey } from '../destination.ts'
import type { Destination } from '../destination.ts'
import { changeAllowed } from './change-allowed.ts'

export async function setAppDestinations (egress: EgressContext, app: string, destinations: Destination[], options: AbortOptions = {}): Promise<{ changed: boolean }> {
  if (!appNamePattern.test(app)) throw new InvalidInputError(`app ${JSON.stringify(app)} is not an app name (${appNamePattern.source})`, { details: { field: 'app', value: app } })
  const { maxAppDestinations } = egressDefaults
  if (destinations.length > maxAppDestinations) throw new InvalidInputError(`an app may be granted at most ${maxAppDestinations} destinations, not ${destinations.length}`, { details: { field: 'destinations' } })
  return await egress.changes(async () => {
    const { units, apps } = egress.saved
    const keys = (list: Destination[] | undefined): string => JSON.stringify((list ?? []).map(destinationKey).sort())
    if (keys(apps[app]) === keys(destinations)) return { changed: false }
    await egress.resolutions.resolveNow(destinations.map((destination) => destination.host))
    const next = { ...apps }
    if (destinations.length === 0) delete next[app]
    else next[app] = destinations
    await changeAllowed(egress, { units, apps: next }, destinations.length === 0 ? `app ${app} may reach nothing` : `app ${app} may reach ${destinations.map(destinationKey).join(', ')}`, options)
    return { changed: true }
  })
}
