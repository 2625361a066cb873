// The byte layout of a PC2 encrypted file, version 1 (FORMAT.md is the reference):
//
//   header  magic "PC2F" | version u8 | flags u8 | reserved u16 | chunk bytes u32 BE | secretstream header (24)
//   frame 0 the metadata: u16 BE length + UTF-8 JSON, zero-padded to 1024 bytes, so the
//           length of the name does not show; the first 12 header bytes are its additional
//           data, so version and chunk size cannot be changed unnoticed
//   frames  the content in chunks of `chunk bytes`; the last (possibly empty) is TAG_FINAL
//
// Every frame adds 17 bytes. Sizes follow from the plaintext size alone, which lets the
// reader tell a cut-off download from a tampered one.

import { secretStream } from './backend.ts'
import { NotEncryptedFileError, UnsupportedFormatError } from './errors.ts'

export const formatVersion = 1
export const magic = new Uint8Array([0x50, 0x43, 0x32, 0x46])
/** Header bytes before the secretstream header; they are frame 0's additional data. */
export const fixedHeaderBytes = 12
export const headerBytes = fixedHeaderBytes + secretStream.headerBytes
export const metadataBytes = 1024
export const defaultChunkBytes = 64 * 1024
export const minChunkBytes = 4 * 1024
export const maxChunkBytes = 16 * 1024 * 1024

export interface FileHeader {
  version: number
  chunkBytes: number
  streamHeader: Uint8Array
}

export function encodeHeader (chunkBytes: number, streamHeader: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(headerBytes)
  bytes.set(magic, 0)
  bytes[4] = formatVersion
  new DataView(bytes.buffer).setUint32(8, chunkBytes)
  bytes.set(streamHeader, fixedHeaderBytes)
  return bytes
}

export function decodeHeader (bytes: Uint8Array): FileHeader {
  if (!magic.every((byte, index) => bytes[index] === byte)) {
    throw new NotEncryptedFileError('this is not a PC2 encrypted file (its first bytes are not "PC2F")')
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint8(4)
  if (version !== formatVersion) {
    throw new UnsupportedFormatError(`PC2 file format version ${version} is not supported (this reader knows version ${formatVersion})`, { details: { version } })
  }
  if (view.getUint8(5) !== 0 || view.getUint16(6) !== 0) {
    throw new UnsupportedFormatError('the file sets header flags this reader does not know')
  }
  const chunkBytes = view.getUint32(8)
  if (chunkBytes < minChunkBytes || chunkBytes > maxChunkBytes) {
    throw new UnsupportedFormatError(`chunk size ${chunkBytes} is outside ${minChunkBytes}…${maxChunkBytes}`, { details: { chunkBytes } })
  }
  return { version, chunkBytes, streamHeader: bytes.slice(fixedHeaderBytes, headerBytes) }
}

/** How many content frames a plaintext of `size` bytes takes: an empty file still has its final frame. */
export function contentFrameCount (size: number, chunkBytes: number): number {
  return Math.max(1, Math.ceil(size / chunkBytes))
}

/** The exact ciphertext size of a plaintext of `size` bytes. */
export function ciphertextSize (size: number, chunkBytes = defaultChunkBytes): number {
  const frames = 1 + contentFrameCount(size, chunkBytes)
  return headerBytes + metadataBytes + size + frames * secretStream.frameOverhead
}
