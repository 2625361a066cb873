// Upload sessions in memory: what each one has durably received (its leaves and tail, the
// same facts as on disk, see session-files.ts) and the PUT writing to it, if any. The
// operations are one file each next to this one; they share an UploadContext.

import { UploadNotFoundError } from '@pc2/core'
import type { Logger, UploadState } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import type { GcLock } from '../blocks/gc-lock.ts'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import type { PinStore } from '../pins/pin-store.ts'
import type { Space } from '../storage/space.ts'
import { isSessionId } from './session-files.ts'
import type { UploadRecord } from './session-files.ts'

export interface UploadSession {
  record: UploadRecord
  /** CIDs of the complete blocks, in order: what garbage collection must keep. */
  leaves: CID[]
  /** Bytes past the last complete block that are on disk too. */
  tailBytes: number
  touchedAt: number
  /** The PUT writing to the session now. */
  writer: { controller: AbortController, done: Promise<unknown> } | undefined
}

export interface UploadContext {
  /** `$PC2_IPFS_DIR/uploads` */
  dir: string
  /** Leaf size of new sessions (API.md: 1 MiB). */
  blockBytes: number
  /** Most links per DAG node (174, as ipfs add). */
  maxLinks: number
  sessions: Map<string, UploadSession>
  blockstore: LocalBlockstore
  lock: GcLock
  pins: PinStore
  space: Space
  logger: Logger
  now: () => number
}

export function offsetOf (session: UploadSession): number {
  if (session.record.state === 'complete') return session.record.size
  return session.leaves.length * session.record.blockBytes + session.tailBytes
}

export function describeUpload (session: UploadSession): UploadState {
  const { id, size, blockBytes, state, cid } = session.record
  return { id, size, offset: offsetOf(session), blockBytes, state, ...(cid === undefined ? {} : { cid }) }
}

export function findUpload (context: Pick<UploadContext, 'sessions'>, id: string): UploadSession {
  const session = isSessionId(id) ? context.sessions.get(id) : undefined
  if (session === undefined) throw new UploadNotFoundError(`no upload ${JSON.stringify(id)}`, { details: { id } })
  return session
}

/** Bytes promised to open sessions and not yet received. */
export function reservedBytes (context: Pick<UploadContext, 'sessions'>): number {
  let reserved = 0
  for (const session of context.sessions.values()) {
    if (session.record.state === 'open') reserved += session.record.size - offsetOf(session)
  }
  return reserved
}

/** Ends the PUT writing to `session`, if any, and waits until what it received is on disk. */
export async function endWriter (session: UploadSession): Promise<void> {
  while (session.writer !== undefined) {
    const writer = session.writer
    writer.controller.abort(new Error('another request took over this upload'))
    await writer.done.catch(() => {})
    if (session.writer === writer) session.writer = undefined
  }
}
