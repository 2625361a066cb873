// The destinations the owner allowed, per unit, in <stateDir>/allow.json. Written whole and
// atomically (temp, fsync, rename), so a power cut leaves the old list or the new one.

import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { parseDestination } from './destination.ts'
import type { Destination } from './destination.ts'
import type { UnitName } from './policy.ts'

export type Allowlist = Partial<Record<UnitName, Destination[]>>

export interface AllowStore {
  readonly file: string
  load (options?: AbortOptions): Promise<Allowlist>
  save (allowlist: Allowlist, options?: AbortOptions): Promise<void>
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
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
        throw error
      }
      const saved = JSON.parse(text) as { version: number, units: Record<string, unknown[]> }
      if (saved.version !== 1) throw new Error(`${file} is version ${saved.version}; this pc2-egress reads version 1`)
      const allowlist: Allowlist = {}
      for (const [unit, destinations] of Object.entries(saved.units)) allowlist[unit as UnitName] = destinations.map(parseDestination)
      return allowlist
    },
    async save (allowlist, options = {}) {
      await writeFileAtomic(file, JSON.stringify({ version: 1, units: allowlist }, null, 2) + '\n', { mode: 0o600, ...options })
    }
  }
}
