// POST /uploads: a new session for `size` bytes, refused up front when they do not fit, so
// an upload never fails for space halfway through.

import { randomBytes } from 'node:crypto'
import { InvalidUploadError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { quotaExceeded } from '../storage/space.ts'
import { createLeafLog, saveRecord } from './session-files.ts'
import type { UploadRecord } from './session-files.ts'
import type { UploadContext, UploadSession } from './uploads.ts'

export async function createUpload (context: UploadContext, body: unknown, options: AbortOptions = {}): Promise<UploadSession> {
  const size = (body as { size?: unknown } | null)?.size
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new InvalidUploadError('size must be a non-negative integer number of bytes', { details: { size: size ?? null } })
  }
  const space = await context.space.status()
  if (size + dagOverheadBytes(size, context.blockBytes, context.maxLinks) > space.freeBytes) throw quotaExceeded(size, space)
  const record: UploadRecord = {
    id: randomBytes(16).toString('hex'),
    size,
    blockBytes: context.blockBytes,
    createdAt: new Date(context.now()).toISOString(),
    state: 'open'
  }
  await createLeafLog(context.dir, record.id)
  await saveRecord(context.dir, record, options)
  const session: UploadSession = { record, leaves: [], tailBytes: 0, touchedAt: context.now(), writer: undefined }
  context.sessions.set(record.id, session)
  return session
}

/** A generous bound on the parent nodes' bytes: about 64 bytes a link, one link per leaf and parent. */
export function dagOverheadBytes (size: number, blockBytes: number, maxLinks: number): number {
  const leaves = Math.max(1, Math.ceil(size / blockBytes))
  return Math.ceil(leaves / (maxLinks - 1) + 1) * maxLinks * 64
}
