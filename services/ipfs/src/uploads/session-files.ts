// How an upload session lives on disk, in `$PC2_IPFS_DIR/uploads/`, so that it survives a
// restart or SIGKILL without ever rewriting what it already holds:
//   <id>.json    what was asked for and whether it is complete (written atomically)
//   <id>.leaves  the CID of every complete block, 36 bytes each, appended and fsynced as
//                each block is stored: the log is what "counted" means
//   <id>.tail    the bytes past the last complete block: 8-byte big-endian count of the
//                leaves it follows, then the bytes (written atomically at the end of a PUT)
// A tail whose leaf count is not the log's is from before the log grew past it: stale, and
// ignored. A torn or damaged last record of the log was never acknowledged: cut off.

import { open, readdir, readFile, stat, truncate, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { syncDirectory, writeFileAtomic } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { CID } from 'multiformats/cid'
import { rawCode } from '../dag/block.ts'

export interface UploadRecord {
  id: string
  size: number
  blockBytes: number
  createdAt: string
  state: 'open' | 'complete'
  cid?: string
  completedAt?: string
}

export interface StoredSession {
  record: UploadRecord
  leaves: CID[]
  /** The tail bytes, only when they follow the last leaf. */
  tail: Uint8Array | undefined
  /** Last time anything of the session was written, ms since the epoch. */
  touchedAt: number
}

/** A CIDv1 raw sha2-256: version, codec, hash code, digest length, 32 digest bytes. */
export const leafRecordBytes = 36
const leafRecordPrefix = [0x01, rawCode, 0x12, 0x20]
const sessionIdPattern = /^[0-9a-f]{32}$/

export function isSessionId (id: string): boolean {
  return sessionIdPattern.test(id)
}

export function sessionPaths (dir: string, id: string): { record: string, leaves: string, tail: string } {
  return { record: join(dir, `${id}.json`), leaves: join(dir, `${id}.leaves`), tail: join(dir, `${id}.tail`) }
}

export async function saveRecord (dir: string, record: UploadRecord, options: AbortOptions = {}): Promise<void> {
  await writeFileAtomic(sessionPaths(dir, record.id).record, `${JSON.stringify(record)}\n`, { mode: 0o640, ...options })
}

export async function saveTail (dir: string, id: string, leafCount: number, bytes: Uint8Array, options: AbortOptions = {}): Promise<void> {
  const file = Buffer.allocUnsafe(8 + bytes.byteLength)
  file.writeBigUInt64BE(BigInt(leafCount), 0)
  file.set(bytes, 8)
  await writeFileAtomic(sessionPaths(dir, id).tail, file, { mode: 0o640, ...options })
}

/** The tail bytes if the tail follows `leafCount` leaves, else none. */
export async function readTail (dir: string, id: string, leafCount: number, options: AbortOptions = {}): Promise<Uint8Array | undefined> {
  const file = await readIfPresent(sessionPaths(dir, id).tail, options)
  if (file === undefined || file.byteLength < 8) return undefined
  if (Buffer.from(file.buffer, file.byteOffset, file.byteLength).readBigUInt64BE(0) !== BigInt(leafCount)) return undefined
  return file.subarray(8)
}

/** The log's leaves, cutting off a last record that a crash left torn or damaged. */
export async function readLeaves (dir: string, id: string, options: AbortOptions = {}): Promise<CID[]> {
  const path = sessionPaths(dir, id).leaves
  const file = await readIfPresent(path, options)
  if (file === undefined) return []
  const leaves: CID[] = []
  let valid = 0
  while (valid + leafRecordBytes <= file.byteLength) {
    const record = file.subarray(valid, valid + leafRecordBytes)
    if (!leafRecordPrefix.every((byte, index) => record[index] === byte)) break
    leaves.push(CID.decode(record.slice()))
    valid += leafRecordBytes
  }
  if (valid !== file.byteLength) await truncate(path, valid)
  return leaves
}

/** Appends to the leaf log; each append is on disk before it resolves. */
export interface LeafLog {
  append (cid: CID): Promise<void>
  close (): Promise<void>
}

/** Creates the empty log of a new session (made durable by the record's write after it). */
export async function createLeafLog (dir: string, id: string): Promise<void> {
  await (await open(sessionPaths(dir, id).leaves, 'wx', 0o640)).close()
}

/**
 * The log, appended with group commit: records asked for while a write is on its way go
 * together in the next write and fdatasync, in the order they were asked for.
 */
export async function openLeafLog (dir: string, id: string): Promise<LeafLog> {
  const path = sessionPaths(dir, id).leaves
  const existed = await stat(path).then(() => true, () => false)
  const handle = await open(path, 'a', 0o640)
  if (!existed) await syncDirectory(dir)
  let waiting: Array<{ cid: CID, resolve: () => void, reject: (error: unknown) => void }> = []
  let writing: Promise<void> | undefined
  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const group = waiting
      waiting = []
      try {
        await handle.write(Buffer.concat(group.map(({ cid }) => cid.bytes)))
        await handle.datasync()
        for (const entry of group) entry.resolve()
      } catch (error) {
        for (const entry of group) entry.reject(error)
      }
    }
    writing = undefined
  }
  return {
    async append (cid) {
      if (cid.bytes.byteLength !== leafRecordBytes || cid.code !== rawCode) throw new TypeError(`not a raw sha2-256 leaf: ${cid.toString()}`)
      await new Promise<void>((resolve, reject) => {
        waiting.push({ cid, resolve, reject })
        writing ??= flush()
      })
    },
    async close () {
      await writing
      await handle.close()
    }
  }
}

export async function loadSessions (dir: string, options: AbortOptions = {}): Promise<StoredSession[]> {
  const sessions: StoredSession[] = []
  for (const name of await readdir(dir)) {
    options.signal?.throwIfAborted()
    const id = name.slice(0, -'.json'.length)
    if (!name.endsWith('.json') || !isSessionId(id)) continue
    const record = JSON.parse((await readFile(join(dir, name), 'utf8'))) as UploadRecord
    const leaves = record.state === 'open' ? await readLeaves(dir, id, options) : []
    const tail = record.state === 'open' ? await readTail(dir, id, leaves.length, options) : undefined
    sessions.push({ record, leaves, tail, touchedAt: await touchedAt(dir, id) })
  }
  return sessions
}

export async function removeSessionFiles (dir: string, id: string): Promise<void> {
  const paths = sessionPaths(dir, id)
  // The record first: without it the rest is not a session, whatever happens next.
  for (const path of [paths.record, paths.leaves, paths.tail]) {
    await unlink(path).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error })
  }
}

/** Drops the leaf log and tail of a completed session: its pin holds the blocks now. */
export async function removeProgressFiles (dir: string, id: string): Promise<void> {
  const paths = sessionPaths(dir, id)
  for (const path of [paths.leaves, paths.tail]) {
    await unlink(path).catch((error: NodeJS.ErrnoException) => { if (error.code !== 'ENOENT') throw error })
  }
}

async function touchedAt (dir: string, id: string): Promise<number> {
  let latest = 0
  for (const path of Object.values(sessionPaths(dir, id))) {
    const modified = await stat(path).then((stats) => stats.mtimeMs, () => 0)
    latest = Math.max(latest, modified)
  }
  return latest
}

async function readIfPresent (path: string, options: AbortOptions): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path, options)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
