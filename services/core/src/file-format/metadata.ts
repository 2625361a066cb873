// The file's name, media type and size, which travel encrypted in frame 0. Names are
// cleaned on the way in and again on the way out: whatever a file claims, a reader gets a
// plain file name with no directory part, no control characters and no `..`.

import { InvalidFileMetadataError, TamperedFileError } from './errors.ts'
import { metadataBytes } from './layout.ts'

export interface FileMetadata {
  name: string
  type: string
  size: number
}

const maxNameBytes = 255
const maxTypeBytes = 127
const fallbackName = 'download'
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

/** A safe file name: the last path component, without control characters, at most 255 UTF-8 bytes. */
export function safeFileName (name: string): string {
  const lastComponent = name.split(/[/\\]/).pop() ?? ''
  // biome-ignore lint/suspicious/noControlCharactersInRegex: taking control characters out is the point
  let cleaned = lastComponent.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  if (cleaned === '' || cleaned === '.' || cleaned === '..') cleaned = fallbackName
  while (encoder.encode(cleaned).byteLength > maxNameBytes) cleaned = [...cleaned].slice(0, -1).join('')
  return cleaned
}

function safeMediaType (type: string): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) && type.length <= maxTypeBytes ? type : 'application/octet-stream'
}

export function encodeMetadata (metadata: FileMetadata): Uint8Array {
  if (!Number.isSafeInteger(metadata.size) || metadata.size < 0) {
    throw new InvalidFileMetadataError(`file size must be a whole number of bytes, got ${metadata.size}`)
  }
  const json = encoder.encode(JSON.stringify({ name: safeFileName(metadata.name), type: safeMediaType(metadata.type), size: metadata.size }))
  const bytes = new Uint8Array(metadataBytes)
  new DataView(bytes.buffer).setUint16(0, json.byteLength)
  bytes.set(json, 2)
  return bytes
}

export function decodeMetadata (bytes: Uint8Array): FileMetadata {
  const tampered = (why: string): TamperedFileError => new TamperedFileError(`the file's metadata frame is invalid: ${why}`)
  if (bytes.byteLength !== metadataBytes) throw tampered(`it has ${bytes.byteLength} bytes, not ${metadataBytes}`)
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint16(0)
  if (length > metadataBytes - 2) throw tampered('its length field is too large')
  let parsed: unknown
  try {
    parsed = JSON.parse(decoder.decode(bytes.subarray(2, 2 + length)))
  } catch {
    throw tampered('it is not UTF-8 JSON')
  }
  const { name, type, size } = (parsed ?? {}) as Record<string, unknown>
  if (typeof name !== 'string' || typeof type !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw tampered('name, type or size is missing')
  }
  return { name: safeFileName(name), type: safeMediaType(type), size }
}
