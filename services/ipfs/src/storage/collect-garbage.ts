// POST /gc: deletes every block that no pin reaches, no open upload has counted and no
// fetch in progress holds. It runs with the GC lock held exclusively, so no block can be
// written and left unclaimed while it decides; the marking reads only the DAGs' inner
// nodes, so holding the lock stays short even for large files.

import type { AbortOptions, GarbageCollected, Logger } from '@pc2/core'
import type { GcLock } from '../blocks/gc-lock.ts'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import { reachableBlocks } from '../dag/walk.ts'
import type { PinStore } from '../pins/pin-store.ts'
import type { UploadSession } from '../uploads/uploads.ts'
import type { Holds } from './holds.ts'

export interface GcContext {
  blockstore: LocalBlockstore
  lock: GcLock
  pins: PinStore
  sessions: Map<string, UploadSession>
  holds: Holds
  logger: Logger
}

export async function collectGarbage (context: GcContext, options: AbortOptions = {}): Promise<GarbageCollected> {
  const { blockstore } = context
  return await context.lock.exclusive(async () => {
    const live = new Set<string>(context.holds.keys())
    for (const root of context.pins.roots()) {
      for await (const block of reachableBlocks(root, blockstore, options)) live.add(block.key)
    }
    for (const session of context.sessions.values()) {
      for (const leaf of session.leaves) live.add(blockstore.keyOf(leaf))
    }
    const result: GarbageCollected = { removedBlocks: 0, freedBytes: 0 }
    for await (const block of blockstore.list(options)) {
      if (live.has(block.key)) continue
      const freed = await blockstore.remove(block.cid)
      result.removedBlocks += 1
      result.freedBytes += freed
    }
    context.logger.info('garbage collected', { ...result, liveBlocks: live.size })
    return result
  })
}
