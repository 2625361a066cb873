// Pins as one small file each, `$PC2_IPFS_DIR/pins/<cid>.json` = { cid, size, pinnedAt },
// written atomically. Helia's own pin store is not used: it keeps a record per pinned block
// in datastore-fs (no fsync, and a crash mid-pin leaves counts that never go back to zero),
// and it reads every leaf to pin a file. A pin here is one durable write; what it holds is
// worked out by walking the DAG's nodes when garbage is collected.

import { readdir, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { syncDirectory, writeFileAtomic } from '@pc2/core'
import type { AbortOptions, Pin } from '@pc2/core'
import { CID } from 'multiformats/cid'

export interface PinStore {
  load (options?: AbortOptions): Promise<void>
  list (): Pin[]
  get (cid: CID): Pin | undefined
  /** Pins `cid`; a CID pinned already keeps its record (and its pinnedAt). */
  add (cid: CID, size: number, options?: AbortOptions): Promise<Pin>
  /** False when there was no such pin. */
  remove (cid: CID): Promise<boolean>
  roots (): CID[]
}

export function createPinStore (dir: string, now: () => number = Date.now): PinStore {
  const pins = new Map<string, Pin>()
  const fileOf = (cid: string): string => join(dir, `${cid}.json`)

  return {
    async load (options = {}) {
      pins.clear()
      for (const name of await readdir(dir)) {
        options.signal?.throwIfAborted()
        if (!name.endsWith('.json') || name.startsWith('.')) continue
        const pin = JSON.parse(await readFile(join(dir, name), 'utf8')) as Pin
        pins.set(CID.parse(pin.cid).toString(), pin)
      }
    },
    list: () => [...pins.values()],
    get: (cid) => pins.get(cid.toString()),
    async add (cid, size, options = {}) {
      const key = cid.toString()
      const existing = pins.get(key)
      if (existing !== undefined) return existing
      const pin: Pin = { cid: key, size, pinnedAt: new Date(now()).toISOString() }
      await writeFileAtomic(fileOf(key), `${JSON.stringify(pin)}\n`, { mode: 0o640, ...options })
      pins.set(key, pin)
      return pin
    },
    async remove (cid) {
      const key = cid.toString()
      if (!pins.has(key)) return false
      // Forgotten in memory first: a collection running after this must not keep its blocks
      // because of a file that is about to go.
      pins.delete(key)
      await unlink(fileOf(key)).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error })
      await syncDirectory(dir)
      return true
    },
    roots: () => [...pins.keys()].map((cid) => CID.parse(cid))
  }
}
