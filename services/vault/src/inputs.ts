// What a request may carry, checked before anything is read or written. Each refusal is a
// 400 InvalidInputError whose details name the field and what it expects, so pc2-admin can
// pass it on to the owner unchanged.

import { InvalidInputError } from '@pc2/core'
import type { VaultFileMetadata } from '@pc2/core'
import { isCidShaped, safeFileName } from '@pc2/core/file-format'
import { decodeField } from './base64url.ts'

export const fileKeyBytes = 32
export const publicKeyBytes = 32

export interface FileEntry {
  key: Uint8Array
  metadata: VaultFileMetadata
}

export function invalid (field: string, expected: string, why: string): InvalidInputError {
  return new InvalidInputError(`${field} ${why}; expected ${expected}`, { details: { field, expected } })
}

export function parseCid (text: string): string {
  // The CID becomes a file name: only the CID shapes our nodes hand out, which hold no path.
  if (!isCidShaped(text)) throw invalid('cid', 'a CIDv1 (base32 or base36) or a CIDv0', `${JSON.stringify(text.slice(0, 80))} is not a CID`)
  return text
}

export function parseFileEntry (body: unknown): FileEntry {
  const fields = objectWith(body, 'body', ['key', 'metadata'])
  return { key: decodeField('key', fields.key, fileKeyBytes), metadata: parseMetadata(fields.metadata) }
}

export function parseSealRequest (body: unknown): Uint8Array {
  const fields = objectWith(body, 'body', ['recipientPublicKey'])
  return decodeField('recipientPublicKey', fields.recipientPublicKey, publicKeyBytes)
}

const maxNameBytes = 255
const mediaType = /^[\w.+-]+\/[\w.+-]+$/

function parseMetadata (value: unknown): VaultFileMetadata {
  const { name, type, size } = objectWith(value, 'metadata', ['name', 'type', 'size'])
  // The same rules the file format applies to the metadata inside the ciphertext, so that
  // what the vault lists is what a download will be called.
  if (typeof name !== 'string' || name === '' || safeFileName(name) !== name || Buffer.byteLength(name) > maxNameBytes) {
    throw invalid('metadata.name', `a bare file name of 1 to ${maxNameBytes} UTF-8 bytes, without /, \\, control characters or outer spaces`, 'is not a plain file name')
  }
  if (typeof type !== 'string' || type.length > 127 || !mediaType.test(type)) {
    throw invalid('metadata.type', 'a media type such as application/octet-stream', 'is not a media type')
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalid('metadata.size', 'the plaintext size, a whole number of bytes', 'is not a size')
  }
  return { name, type, size }
}

export function objectWith (value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  const expected = `an object with ${allowed.join(', ')}`
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, expected, 'is not an object')
  const unknown = Object.keys(value).find((key) => !allowed.includes(key))
  if (unknown !== undefined) {
    const name = field === 'body' ? unknown : `${field}.${unknown}`
    throw new InvalidInputError(`${name} is not a field of ${field}; expected ${expected}`, { details: { field: name, expected } })
  }
  return value as Record<string, unknown>
}
