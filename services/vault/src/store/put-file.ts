// Stores a file's key. A CID names one ciphertext, and one ciphertext has one key, so an
// existing record is never replaced: the same entry again is a no-op (a client retrying a
// request whose answer it lost), anything else is a conflict.

import type { AbortOptions } from '@pc2/core'
import { FileKeyConflictError, writeFileAtomic } from '@pc2/core'
import type { FileEntry } from '../inputs.ts'
import { recordPath } from './paths.ts'
import { encodeRecord, readRecord } from './record.ts'
import type { StoredFile } from './record.ts'
import type { VaultContext } from '../context.ts'

export type PutResult = 'created' | 'unchanged'

export async function putFile (state: VaultContext, cid: string, entry: FileEntry, options: AbortOptions = {}): Promise<PutResult> {
  return await state.locks.run(cid, async () => {
    const existing = await readRecord(state, cid, options)
    if (existing !== undefined) {
      const sameKey = state.sodium.memcmp(existing.key, entry.key)
      const sameMetadata = JSON.stringify(existing.metadata) === JSON.stringify(entry.metadata)
      if (sameKey && sameMetadata) return 'unchanged'
      throw new FileKeyConflictError(`${cid} already has a ${sameKey ? 'record with other metadata' : 'different key'}; delete it first to replace it`, {
        details: { cid, differs: sameKey ? 'metadata' : 'key' }
      })
    }
    const file: StoredFile = { cid, ...entry, createdAt: new Date().toISOString() }
    await writeFileAtomic(recordPath(state.paths, cid), encodeRecord(state.cipher, file), { mode: 0o600, ...options })
    return 'created'
  })
}
