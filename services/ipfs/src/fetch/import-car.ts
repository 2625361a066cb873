// Stores a DAG arriving as a CAR stream from a peer that is not trusted: every block must
// hash to its CID, must be reachable from the root through blocks already accepted (so a
// peer cannot slip in unrelated data), and the CAR must hold the whole DAG. A block's size
// is checked before a byte of it is read; it is copied into one of a few reused buffers
// (memory stays at a few blocks whatever the size of the DAG, and no garbage is made per
// block), written at once and made durable in groups (group-commit.ts) while the next ones
// arrive. The directories' fsyncs are left to the end, before the caller pins.

import type { Readable } from 'node:stream'
import { UntrustedContentError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import { createBufferPool } from '../blocks/buffer-pool.ts'
import type { GcLock } from '../blocks/gc-lock.ts'
import { createGroupCommit } from '../blocks/group-commit.ts'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import { childLinks, fileNode, hashMatches } from '../dag/block.ts'
import { isDiskFull, quotaExceeded } from '../storage/space.ts'
import type { Space } from '../storage/space.ts'
import { carSections } from './car-sections.ts'

/** Bitswap's limit too: no UnixFS importer makes bigger blocks. */
export const maxBlockBytes = 2 * 1024 * 1024
const blockBuffers = 6
/** Blocks written but not yet durable: bounds the open temp files. */
const blocksUndurable = 64

export interface ImportContext {
  blockstore: LocalBlockstore
  lock: GcLock
  space: Space
}

export interface ImportResult {
  blocks: number
  blockBytes: number
  /** The file's size if the root is a UnixFS file. */
  fileBytes: number | undefined
}

export async function importCar (context: ImportContext, root: CID, body: Readable, hold: Set<string>, options: AbortOptions = {}): Promise<ImportResult> {
  const { blockstore } = context
  const untrusted = (message: string, details: Record<string, unknown> = {}): UntrustedContentError =>
    new UntrustedContentError(message, { details: { cid: root.toString(), ...details } })
  const stop = (): void => { body.destroy(new Error('fetch aborted')) }
  options.signal?.addEventListener('abort', stop, { once: true })

  const car = carSections(body, 2 * maxBlockBytes)
  const pool = createBufferPool(blockBuffers, maxBlockBytes)
  const directories = new Set<string>()
  const committer = createGroupCommit(blockstore, { directories })
  const writes = new Set<Promise<void>>()
  let writeFailure: unknown
  const expected = new Set<string>([blockstore.keyOf(root)])
  const received = new Set<string>()
  let budget = Infinity
  const result: ImportResult = { blocks: 0, blockBytes: 0, fileBytes: undefined }

  const store = (cid: CID, buffer: Buffer, bytes: Uint8Array, key: string): void => {
    let released = false
    const release = (): void => { if (!released) { released = true; pool.release(buffer) } }
    // Shared GC lock from the write until the block is held: a collection never sees it unclaimed.
    const write = context.lock.shared(async () => {
      const { durable } = await committer.write(cid, bytes)
      release()
      await durable
      hold.add(key)
    }).catch((error: unknown) => { writeFailure ??= error }).finally(release)
    writes.add(write)
    void write.finally(() => writes.delete(write))
  }

  try {
    if ((await car.roots())[0]?.equals(root) !== true) throw untrusted('the CAR is not rooted at the CID asked for')
    for (let block = await car.next(); block !== undefined && writeFailure === undefined; block = await car.next()) {
      options.signal?.throwIfAborted()
      const { cid, length } = block
      if (length > maxBlockBytes) throw untrusted(`block ${cid.toString()} is ${length} bytes, over the ${maxBlockBytes} limit`)
      const key = blockstore.keyOf(cid)
      if (received.has(key)) {
        await car.skipBlock()
        continue
      }
      if (!expected.has(key)) throw untrusted(`block ${cid.toString()} is not reachable from the root`, { block: cid.toString() })
      while (writes.size >= blocksUndurable && writeFailure === undefined) await Promise.race(writes)
      const buffer = await pool.acquire()
      const bytes = buffer.subarray(0, length)
      try {
        await car.copyBlock(buffer)
        if (!hashMatches(cid, bytes)) throw untrusted(`block ${cid.toString()} does not hash to its CID`, { block: cid.toString() })
        for (const child of childLinks(cid, bytes)) expected.add(blockstore.keyOf(child))
        if (result.blocks === 0) budget = await checkRoot(context, cid, bytes, result)
      } catch (error) {
        pool.release(buffer)
        throw error
      }
      received.add(key)
      result.blocks += 1
      result.blockBytes += length
      if (result.blockBytes > budget) {
        pool.release(buffer)
        throw quotaExceeded(result.blockBytes, await context.space.status())
      }
      store(cid, buffer, bytes, key)
    }
  } catch (error) {
    if (error instanceof UntrustedContentError && error.details?.cid === undefined) throw untrusted(error.message)
    throw error
  } finally {
    options.signal?.removeEventListener('abort', stop)
    // Never return with writes still running, refused or not.
    await Promise.all(writes)
  }
  if (writeFailure !== undefined) {
    if (isDiskFull(writeFailure)) throw quotaExceeded(result.blockBytes, await context.space.status())
    throw writeFailure
  }
  const missing = [...expected].filter((key) => !received.has(key))
  if (missing.length > 0) throw untrusted(`the CAR ended with ${missing.length} blocks of the DAG missing`, { missing: missing.length })
  await blockstore.syncDirectories(directories)
  return result
}

/** The root says how big the file is: refuse now rather than fill the disk first. Returns the byte budget. */
async function checkRoot (context: ImportContext, cid: CID, bytes: Uint8Array, result: ImportResult): Promise<number> {
  result.fileBytes = fileNode(cid, bytes)?.fileBytes
  const status = await context.space.status()
  if ((result.fileBytes ?? 0) > status.freeBytes) throw quotaExceeded(result.fileBytes ?? 0, status)
  return status.freeBytes
}
