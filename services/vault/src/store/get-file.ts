// One file's key and metadata, unwrapped.

import type { AbortOptions } from '@pc2/core'
import { FileKeyNotFoundError } from '@pc2/core'
import { readRecord } from './record.ts'
import type { StoredFile } from './record.ts'
import type { VaultContext } from '../context.ts'

export async function getFile (state: VaultContext, cid: string, options: AbortOptions = {}): Promise<StoredFile> {
  const file = await readRecord(state, cid, options)
  if (file === undefined) throw new FileKeyNotFoundError(`the vault holds no key for ${cid}`, { details: { cid } })
  return file
}
