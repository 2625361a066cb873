// Every stored file, without keys, oldest first. Each record is opened (the metadata is
// wrapped too), so one that does not authenticate fails the listing by name instead of
// disappearing from it.

import { readdir } from 'node:fs/promises'
import type { AbortOptions, VaultFileSummary } from '@pc2/core'
import { isCidShaped } from '@pc2/core/file-format'
import { readRecord } from './record.ts'
import type { VaultContext } from '../context.ts'

export async function listFiles (state: VaultContext, options: AbortOptions = {}): Promise<VaultFileSummary[]> {
  const cids = (await readdir(state.paths.files))
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter((cid) => isCidShaped(cid))
  const files: VaultFileSummary[] = []
  for (const cid of cids) {
    options.signal?.throwIfAborted()
    // Deleted between readdir and now: simply no longer there.
    const file = await readRecord(state, cid, options)
    if (file !== undefined) files.push({ cid, metadata: file.metadata, createdAt: file.createdAt })
  }
  return files.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.cid < b.cid ? -1 : 1))
}
