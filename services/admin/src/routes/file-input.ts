// Checks of what the owner's client sends about a file, before any service sees it.

import { InvalidInputError } from '@pc2/core'
import type { FileRecordInput } from '@pc2/core'
// The narrow modules, not the index: pc2-admin must not bundle libsodium.
import { decodeBase64Url } from '@pc2/core/file-format/key'
import { isCidShaped } from '@pc2/core/file-format/share-link'

export function checkCid (cid: string): string {
  if (!isCidShaped(cid)) throw new InvalidInputError(`"${cid}" is not a content identifier (CID)`, { details: { parameter: 'cid' } })
  return cid
}

export function fileKeyRecord (body: unknown): FileRecordInput {
  const { key, metadata } = (body ?? {}) as { key?: unknown, metadata?: Record<string, unknown> }
  if (typeof key !== 'string' || decodeBase64Url(key)?.byteLength !== 32) {
    throw new InvalidInputError('key must be the 32-byte file key in base64url', { details: { field: 'key' } })
  }
  const name = metadata?.name
  const type = metadata?.type
  const size = metadata?.size
  if (typeof name !== 'string' || name === '' || typeof type !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new InvalidInputError('metadata must be {name, type, size} of the plaintext file', { details: { field: 'metadata' } })
  }
  return { key, metadata: { name, type, size } }
}
