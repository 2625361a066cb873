// The node key: 32 random bytes that wrap every other secret. Made once, on the first start;
// after that, a missing or damaged key file is never "repaired" by making a new one, since
// that would silently orphan every record wrapped under the old key.

import { readdir, readFile } from 'node:fs/promises'
import type { AbortOptions } from '@pc2/core'
import { VaultCorruptError, writeFileAtomic } from '@pc2/core'
import type { Sodium } from '../sodium.ts'
import type { VaultPaths } from './paths.ts'

export async function loadNodeKey (sodium: Sodium, paths: VaultPaths, options: AbortOptions = {}): Promise<Uint8Array> {
  const keyBytes = sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES
  const existing = await readOptional(paths.nodeKey, options)
  if (existing !== undefined) {
    if (existing.byteLength !== keyBytes) {
      throw new VaultCorruptError(`${paths.nodeKey} has ${existing.byteLength} bytes, not ${keyBytes}: the node key is damaged`, { details: { path: paths.nodeKey } })
    }
    return new Uint8Array(existing)
  }
  const wrapped = await wrappedState(paths, options)
  if (wrapped.length > 0) {
    throw new VaultCorruptError(`${paths.nodeKey} is missing, but ${wrapped.join(', ')} ${wrapped.length === 1 ? 'is' : 'are'} wrapped under it: restore the node key`, { details: { path: paths.nodeKey } })
  }
  const key = sodium.crypto_aead_xchacha20poly1305_ietf_keygen()
  await writeFileAtomic(paths.nodeKey, key, { mode: 0o600, ...options })
  return key
}

/** What exists that only the node key opens. */
async function wrappedState (paths: VaultPaths, options: AbortOptions): Promise<string[]> {
  const found: string[] = []
  if (await readOptional(paths.identity, options) !== undefined) found.push('identity.json')
  if (await readOptional(paths.wallet, options) !== undefined) found.push('wallet.json')
  const records = (await readdir(paths.files)).filter((name) => name.endsWith('.json') && !name.startsWith('.'))
  if (records.length > 0) found.push(`${records.length} file record${records.length === 1 ? '' : 's'}`)
  return found
}

async function readOptional (path: string, options: AbortOptions): Promise<Buffer | undefined> {
  try {
    return await readFile(path, { signal: options.signal })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
