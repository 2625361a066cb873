// The addresses of the host names the policy names. Addresses answer at once; a host name
// answers from the cache and is looked up again in the background when its answer is old
// (or failed a while ago). A lookup that changes the answer calls `onChange`, which brings
// the rules up to date. So a DNS server that does not answer never holds up a change of the
// rules; it only leaves that name allowing nothing yet.

import { isAddressText } from '../address.ts'
import { resolveHost } from '../resolve.ts'
import type { NameLookup, Resolution } from '../resolve.ts'

/** A name whose lookup failed is tried again after this long. */
const failedRetryMs = 30_000

export interface ResolutionCacheInit {
  lookup: NameLookup
  /** How long a name's answer is used before it is looked up again. */
  refreshMs: number
  /** A background lookup changed a name's answer. */
  onChange: () => void
}

export interface ResolutionCache {
  resolve (host: string): Promise<Resolution>
  /** Looks up now the names never looked up among `hosts` (an app's first run reaches them). */
  resolveNow (hosts: string[]): Promise<void>
}

export function resolutionCache (init: ResolutionCacheInit): ResolutionCache {
  const resolutions = new Map<string, { at: number, resolution: Resolution }>()
  const lookups = new Set<string>()
  return {
    async resolve (host) {
      if (isAddressText(host)) return await resolveHost(host, init.lookup)
      const known = resolutions.get(host)
      const age = known === undefined ? Infinity : Date.now() - known.at
      const stale = known?.resolution.unresolved === undefined ? age > init.refreshMs : age > failedRetryMs
      if (stale && !lookups.has(host)) {
        lookups.add(host)
        resolveHost(host, init.lookup).then((resolution) => {
          const changed = JSON.stringify(resolution) !== JSON.stringify(resolutions.get(host)?.resolution)
          resolutions.set(host, { at: Date.now(), resolution })
          if (changed) init.onChange()
        }).finally(() => { lookups.delete(host) })
      }
      return known?.resolution ?? { addresses: [], unresolved: `${host} is being looked up` }
    },
    async resolveNow (hosts) {
      await Promise.all(hosts.filter((host) => !isAddressText(host) && !resolutions.has(host)).map(async (host) => {
        resolutions.set(host, { at: Date.now(), resolution: await resolveHost(host, init.lookup) })
      }))
    }
  }
}
