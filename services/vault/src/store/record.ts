// One file's record, files/<cid>.json: `{ cid, wrapped, createdAt }`, where `wrapped` is
// `{ key, metadata }` as JSON, wrapped under the node key with the CID as additional data.
// A record that does not open is reported, never skipped: it is a key the owner would lose.

import { readFile } from 'node:fs/promises'
import type { AbortOptions, VaultFileMetadata } from '@pc2/core'
import { VaultCorruptError } from '@pc2/core'
import { decodeBase64Url } from '@pc2/core/file-format'
import { encodeBase64Url } from '../base64url.ts'
import type { NodeCipher } from '../cipher.ts'
import { fileKeyBytes } from '../inputs.ts'
import type { FileEntry } from '../inputs.ts'
import { recordPath } from './paths.ts'
import type { VaultContext } from '../context.ts'

export interface StoredFile extends FileEntry {
  cid: string
  createdAt: string
}

interface RecordFile {
  cid: string
  wrapped: string
  createdAt: string
}

export function encodeRecord (cipher: NodeCipher, file: StoredFile): string {
  const plaintext = new TextEncoder().encode(JSON.stringify({ key: encodeBase64Url(file.key), metadata: file.metadata }))
  const record: RecordFile = { cid: file.cid, wrapped: encodeBase64Url(cipher.wrap(plaintext, file.cid)), createdAt: file.createdAt }
  return `${JSON.stringify(record, null, 2)}\n`
}

/** The record of `cid`, or undefined when there is none. */
export async function readRecord (state: VaultContext, cid: string, options: AbortOptions = {}): Promise<StoredFile | undefined> {
  let text: string
  try {
    text = await readFile(recordPath(state.paths, cid), { encoding: 'utf8', signal: options.signal })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const corrupt = (why: string): VaultCorruptError =>
    new VaultCorruptError(`the vault's record of ${cid} ${why}`, { details: { cid } })
  let record: Partial<RecordFile>
  try {
    record = JSON.parse(text) as Partial<RecordFile>
  } catch {
    throw corrupt('is not JSON')
  }
  const wrapped = typeof record.wrapped === 'string' ? decodeBase64Url(record.wrapped) : undefined
  if (wrapped === undefined || typeof record.createdAt !== 'string') throw corrupt('lacks wrapped or createdAt')
  // The CID used as additional data is the one asked for (the file's name), not the one the
  // record claims: a record copied under another CID fails here.
  const plaintext = state.cipher.unwrap(wrapped, cid)
  if (plaintext === undefined) throw corrupt('does not authenticate under the node key (damaged, or moved from another CID)')
  const inner = JSON.parse(new TextDecoder().decode(plaintext)) as { key: string, metadata: VaultFileMetadata }
  const key = decodeBase64Url(inner.key)
  if (key === undefined || key.byteLength !== fileKeyBytes) throw corrupt('holds a key of the wrong size')
  return { cid, key, metadata: inner.metadata, createdAt: record.createdAt }
}
