// POST /uploads/<id>/complete: the tail becomes the last leaf, the parents are built over
// the leaves already stored, the root is pinned and the session marked complete, in that
// order, so a crash at any point leaves either an open session that completes again to the
// same CID or a complete one. Asking again returns the same answer.

import { UploadIncompleteError } from '@pc2/core'
import type { AbortOptions, UploadDone } from '@pc2/core'
import { rawLeafCid } from '../dag/block.ts'
import { buildBalancedDag } from '../dag/build.ts'
import type { DagEntry } from '../dag/build.ts'
import { isDiskFull, quotaExceeded } from '../storage/space.ts'
import { readTail, removeProgressFiles, saveRecord } from './session-files.ts'
import { findUpload, offsetOf } from './uploads.ts'
import type { UploadContext, UploadSession } from './uploads.ts'

export async function completeUpload (context: UploadContext, id: string, options: AbortOptions = {}): Promise<UploadDone> {
  const session = findUpload(context, id)
  // A PUT still writing the last bytes: let it finish rather than call the upload short.
  await session.writer?.done.catch(() => {})
  const { size, cid } = session.record
  if (session.record.state === 'complete' && cid !== undefined) return { cid, size }
  const offset = offsetOf(session)
  if (offset < size) {
    throw new UploadIncompleteError(`upload ${id} has ${offset} of ${size} bytes`, { details: { offset, size } })
  }
  try {
    return await context.lock.shared(async () => await finish(context, session, options))
  } catch (error) {
    if (isDiskFull(error)) throw quotaExceeded(size, await context.space.status())
    throw error
  }
}

async function finish (context: UploadContext, session: UploadSession, options: AbortOptions): Promise<UploadDone> {
  const { id, size, blockBytes } = session.record
  const put = async (cid: DagEntry['cid'], bytes: Uint8Array): Promise<void> => { await context.blockstore.put(cid, bytes, options) }
  const leaves: DagEntry[] = session.leaves.map((cid) => ({ cid, fileBytes: blockBytes, dagBytes: blockBytes }))
  // The last, shorter block (or the one empty leaf of an empty file).
  if (session.tailBytes > 0 || leaves.length === 0) {
    const tail = session.tailBytes > 0 ? await readTail(context.dir, id, session.leaves.length, options) : new Uint8Array(0)
    if (tail === undefined) throw new Error(`upload ${id}: its tail is missing`)
    const cid = await rawLeafCid(tail)
    await put(cid, tail)
    leaves.push({ cid, fileBytes: tail.byteLength, dagBytes: tail.byteLength })
  }
  const root = await buildBalancedDag(leaves, { maxLinks: context.maxLinks, put })
  await context.pins.add(root.cid, size, options)
  const record = { ...session.record, state: 'complete' as const, cid: root.cid.toString(), completedAt: new Date(context.now()).toISOString() }
  await saveRecord(context.dir, record, options)
  session.record = record
  session.leaves = []
  session.tailBytes = 0
  session.touchedAt = context.now()
  await removeProgressFiles(context.dir, id)
  context.logger.info('upload complete', { id, cid: record.cid, size })
  return { cid: record.cid, size }
}
