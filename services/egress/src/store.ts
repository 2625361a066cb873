// The destinations the owner allowed, per unit, and those each app was granted (pc2-apps),
// in <stateDir>/allow.json. Written whole and
// atomically (temp, fsync, rename), so a power cut leaves the old list or the new one.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { parseDestination } from './destination.ts'
import type { Destination } from './destination.ts'
import type { UnitName } from './policy.ts'

export type Allowlist = Partial<Record<UnitName, Destination[]>>
/** Per app name, what it was granted; an app with no network is not in it. */
export type AppGrants = Record<string, Destination[]>

export interface Saved { units: Allowlist, apps: AppGrants }

export interface AllowStore {
  readonly file: string
  load (options?: AbortOptions): Promise<Saved>
  save (saved: Saved, options?: AbortOptions): Promise<void>
}

export function allowStore (stateDir: string): AllowStore {
  const file = join(stateDir, 'allow.json')
  return {
    file,
    async load (options = {}) {
      let text: string
      try {
        text = await readFile(file, { encoding: 'utf8', ...(options.signal === undefined ? {} : { signal: options.signal }) })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { units: {}, apps: {} }
        throw error
      }
      const saved = JSON.parse(text) as { version: number, units: Record<string, unknown[]>, apps?: Record<string, unknown[]> }
      if (saved.version !== 1) throw new Error(`${file} is version ${saved.version}; this pc2-egress reads version 1`)
      const units: Allowlist = {}
      for (const [unit, destinations] of Object.entries(saved.units)) units[unit as UnitName] = destinations.map(parseDestination)
      // Lists from before apps had the network have no "apps".
      const apps: AppGrants = {}
      for (const [app, destinations] of Object.entries(saved.apps ?? {})) apps[app] = destinations.map(parseDestination)
      return { units, apps }
    },
    async save (saved, options = {}) {
      await writeFileAtomic(file, `${JSON.stringify({ version: 1, units: saved.units, apps: saved.apps }, null, 2)}\n`, { mode: 0o600, ...options })
    }
  }
}
