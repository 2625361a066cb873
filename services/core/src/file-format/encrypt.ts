// Streaming encryption: feed plaintext in pieces of any size, get ciphertext out as it is
// ready. Memory stays at one chunk whatever the file size. The encryptor holds back one full
// chunk so that the last one can carry TAG_FINAL, and it refuses to finish if the bytes fed
// do not add up to the size the metadata declared.

import type { PushState, SecretStreamBackend } from './backend.ts'
import { secretStream } from './backend.ts'
import { InvalidFileMetadataError } from './errors.ts'
import { defaultChunkBytes, encodeHeader, fixedHeaderBytes, maxChunkBytes, minChunkBytes } from './layout.ts'
import { encodeMetadata } from './metadata.ts'
import type { FileMetadata } from './metadata.ts'

export interface EncryptOptions {
  chunkBytes?: number
}

export class FileEncryptor {
  private readonly state: PushState
  private readonly chunkBytes: number
  private readonly declaredSize: number
  private readonly pending: Uint8Array
  private pendingBytes = 0
  private fedBytes = 0
  private opening: Uint8Array | undefined
  private finished = false

  constructor (backend: SecretStreamBackend, key: Uint8Array, metadata: FileMetadata, options: EncryptOptions = {}) {
    if (key.byteLength !== secretStream.keyBytes) throw new InvalidFileMetadataError(`a file key has ${secretStream.keyBytes} bytes, got ${key.byteLength}`)
    this.chunkBytes = options.chunkBytes ?? defaultChunkBytes
    if (!Number.isInteger(this.chunkBytes) || this.chunkBytes < minChunkBytes || this.chunkBytes > maxChunkBytes) {
      throw new InvalidFileMetadataError(`chunk size must be ${minChunkBytes}…${maxChunkBytes} bytes, got ${this.chunkBytes}`)
    }
    const metadataFrame = encodeMetadata(metadata)
    this.declaredSize = metadata.size
    const { header, state } = backend.initPush(key)
    this.state = state
    const fileHeader = encodeHeader(this.chunkBytes, header)
    const first = state.push(metadataFrame, secretStream.tagMessage, fileHeader.subarray(0, fixedHeaderBytes))
    this.opening = concat([fileHeader, first])
    this.pending = new Uint8Array(this.chunkBytes)
  }

  /** Encrypts `plaintext`; returns the ciphertext now complete (the header comes with the first call). */
  update (plaintext: Uint8Array): Uint8Array[] {
    if (this.finished) throw new InvalidFileMetadataError('the encryptor has already finished')
    this.fedBytes += plaintext.byteLength
    if (this.fedBytes > this.declaredSize) {
      throw new InvalidFileMetadataError(`more bytes than the declared size ${this.declaredSize}`, { details: { declaredSize: this.declaredSize } })
    }
    const out = this.takeOpening()
    let offset = 0
    while (offset < plaintext.byteLength) {
      if (this.pendingBytes === this.chunkBytes) {
        // More data follows, so the held-back chunk is not the last one.
        out.push(this.state.push(this.pending, secretStream.tagMessage))
        this.pendingBytes = 0
      }
      const take = Math.min(this.chunkBytes - this.pendingBytes, plaintext.byteLength - offset)
      this.pending.set(plaintext.subarray(offset, offset + take), this.pendingBytes)
      this.pendingBytes += take
      offset += take
    }
    return out
  }

  /** Encrypts the last chunk with TAG_FINAL; fails if fewer bytes came than declared. */
  final (): Uint8Array[] {
    if (this.finished) throw new InvalidFileMetadataError('the encryptor has already finished')
    if (this.fedBytes !== this.declaredSize) {
      throw new InvalidFileMetadataError(`the file had ${this.fedBytes} bytes, but ${this.declaredSize} were declared`, { details: { declaredSize: this.declaredSize, fedBytes: this.fedBytes } })
    }
    this.finished = true
    const out = this.takeOpening()
    out.push(this.state.push(this.pending.subarray(0, this.pendingBytes), secretStream.tagFinal))
    return out
  }

  private takeOpening (): Uint8Array[] {
    const opening = this.opening
    this.opening = undefined
    return opening === undefined ? [] : [opening]
  }
}

export function concat (parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0)
  const out = new Uint8Array(total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}
