// At start: the sessions on disk, minus those nobody touched for a day (an abandoned open
// upload's blocks become garbage; a completed one's record has served its purpose, the pin
// remains). Runs before the API listens, so nothing races it.

import { mkdir } from 'node:fs/promises'
import type { AbortOptions } from '@pc2/core'
import { loadSessions, removeSessionFiles } from './session-files.ts'
import type { UploadContext } from './uploads.ts'

export const staleSessionMs = 24 * 60 * 60 * 1000

export async function loadUploads (context: UploadContext, options: AbortOptions = {}): Promise<void> {
  await mkdir(context.dir, { recursive: true, mode: 0o750 })
  context.sessions.clear()
  for (const stored of await loadSessions(context.dir, options)) {
    const { record } = stored
    const lastUse = record.state === 'complete' ? Date.parse(record.completedAt ?? record.createdAt) : stored.touchedAt
    if (context.now() - lastUse > staleSessionMs) {
      await removeSessionFiles(context.dir, record.id)
      context.logger.info('dropped a stale upload session', { id: record.id, state: record.state })
      continue
    }
    context.sessions.set(record.id, {
      record,
      leaves: stored.leaves,
      tailBytes: stored.tail?.byteLength ?? 0,
      touchedAt: stored.touchedAt,
      writer: undefined
    })
  }
}
