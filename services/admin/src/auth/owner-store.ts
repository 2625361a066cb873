// Who owns this node: `<stateDir>/owner.json` = {address (EIP-55), claimedAt}. Written once,
// atomically, by the claim; read at start. A file that exists but cannot be understood
// stops the service rather than leaving the node claimable: the way out is the boot menu's
// "reset owner", which moves the file aside before it is read.

import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { getAddress, isAddress } from 'viem'
import { AlreadyClaimedError, ConfigError, writeFileAtomic } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'

export interface OwnerRecord {
  address: string
  claimedAt: string
}

export interface OwnerStore {
  /** Reads owner.json; call once at start, before anything asks current(). */
  load (options?: AbortOptions): Promise<OwnerRecord | undefined>
  current (): OwnerRecord | undefined
  /** Makes `address` the owner; AlreadyClaimedError if somebody was first, even by a moment. */
  claim (address: string, options?: AbortOptions): Promise<OwnerRecord>
}

export const ownerFileName = 'owner.json'

export function createOwnerStore (init: { stateDir: string, now?: () => number }): OwnerStore {
  const file = join(init.stateDir, ownerFileName)
  const now = init.now ?? Date.now
  let owner: OwnerRecord | undefined
  let claiming = false

  return {
    async load (options = {}) {
      let text: string
      try {
        text = await readFile(file, { encoding: 'utf8', signal: options.signal })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        owner = undefined
        return owner
      }
      owner = parseOwner(text, file)
      return owner
    },
    current: () => owner,
    async claim (address, options = {}) {
      // Decided before the first await: two claims racing cannot both pass this line.
      if (owner !== undefined || claiming) throw new AlreadyClaimedError('this node already has an owner')
      claiming = true
      try {
        const record: OwnerRecord = { address: getAddress(address), claimedAt: new Date(now()).toISOString() }
        await mkdir(init.stateDir, { recursive: true, mode: 0o700 })
        await writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600, signal: options.signal })
        owner = record
        return record
      } finally {
        claiming = false
      }
    }
  }
}

function parseOwner (text: string, file: string): OwnerRecord {
  const problem = (what: string): ConfigError => new ConfigError(
    `${file}: ${what}; boot with "PC2 — reset owner" (kernel parameter pc2.reset-owner=1) to claim the node again`,
    { details: { file } })
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw problem('not valid JSON')
  }
  const record = value as Partial<OwnerRecord> | null
  if (typeof record?.address !== 'string' || !isAddress(record.address, { strict: true })) throw problem('no valid address')
  if (typeof record.claimedAt !== 'string') throw problem('no claimedAt time')
  return { address: getAddress(record.address), claimedAt: record.claimedAt }
}
