// Stores an upload's complete blocks while the next ones arrive, and counts them strictly in
// order. A block is written at once from one of a few reused buffers, made durable with
// whatever else is waiting (group commit: a journal commit for many blocks, not one each),
// then logged, again grouped, and only then counted: the offset never skips a hole and
// never counts what a power cut could take back. After a failure nothing more counts, and
// what did count stays.

import type { CID } from 'multiformats/cid'
import { createBufferPool } from '../blocks/buffer-pool.ts'
import { createGroupCommit } from '../blocks/group-commit.ts'
import { rawLeafCid } from '../dag/block.ts'
import type { LeafLog } from './session-files.ts'
import type { UploadContext, UploadSession } from './uploads.ts'

/** Buffers, and so blocks being hashed and written at once, per PUT. */
export const blockBuffers = 6
/** Blocks written but not yet counted, per PUT: bounds the open temp files. */
const blocksUncounted = 32

export interface LeafPipeline {
  /** A free block buffer for the body's next bytes; waits while all are in use. */
  take (): Promise<Buffer>
  /** Queues a full block held in a buffer from `take`, which goes back to the pool once written. */
  add (buffer: Buffer): Promise<void>
  /** Gives back a buffer from `take` that will not be added. */
  give (buffer: Buffer): void
  /** Waits for every queued block to count or fail; the first failure, if any. */
  settle (): Promise<unknown>
}

export function createLeafPipeline (context: Pick<UploadContext, 'blockstore' | 'lock' | 'now'>, session: UploadSession, log: LeafLog, blockBytes: number): LeafPipeline {
  const pool = createBufferPool(blockBuffers, blockBytes)
  const committer = createGroupCommit(context.blockstore)
  const inFlight = new Set<Promise<void>>()
  let failure: unknown
  // Resolves once the block before has queued its log record (or failed): records queue in order.
  let lastTurn: Promise<void> = Promise.resolve()

  const store = async (buffer: Buffer, previous: Promise<void>, turnDone: () => void): Promise<void> => {
    let released = false
    const release = (): void => { if (!released) { released = true; pool.release(buffer) } }
    try {
      const cid = await rawLeafCid(buffer)
      // Shared GC lock from before the write until the leaf is in session.leaves: a
      // collection never sees the block unclaimed.
      await context.lock.shared(async () => {
        const { durable } = await committer.write(cid, buffer)
        release()
        await durable
        await previous
        if (failure !== undefined) return
        const logged = log.append(cid)
        turnDone()
        await logged
        count(cid)
      })
    } finally {
      release()
      // Also after a failure the next block must get its turn (and then see the failure).
      void previous.then(turnDone)
    }
  }
  const count = (cid: CID): void => {
    session.leaves.push(cid)
    session.tailBytes = 0
    session.touchedAt = context.now()
  }

  return {
    take: async () => await pool.acquire(),
    give: (buffer) => { pool.release(buffer) },
    async add (buffer) {
      while (inFlight.size >= blocksUncounted && failure === undefined) await Promise.race(inFlight)
      // The buffer stays the caller's when it is refused (it gives it back).
      if (failure !== undefined) throw failure
      let turnDone: () => void = () => {}
      const previous = lastTurn
      lastTurn = new Promise<void>((resolve) => { turnDone = resolve })
      const task = store(buffer, previous, turnDone).catch((error: unknown) => { failure ??= error })
      inFlight.add(task)
      void task.finally(() => inFlight.delete(task))
    },
    async settle () {
      await Promise.all(inFlight)
      await lastTurn
      return failure
    }
  }
}
