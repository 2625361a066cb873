// Streaming decryption with the same memory bound as encryption. Nothing comes out that
// has not authenticated, and the reader tells apart: not a PC2 file, a format it does not
// know, a wrong key (frame 0 fails), damage (a later frame fails or sizes disagree), a
// cut-off file (the stream ends before the final frame), and bytes after the final frame.
// A caller that writes plaintext somewhere must discard it unless `final()` succeeds.

import type { PullState, SecretStreamBackend } from './backend.ts'
import { secretStream } from './backend.ts'
import { TamperedFileError, TruncatedFileError, WrongKeyError } from './errors.ts'
import { ciphertextSize, decodeHeader, fixedHeaderBytes, headerBytes, metadataBytes } from './layout.ts'
import { decodeMetadata } from './metadata.ts'
import type { FileMetadata } from './metadata.ts'

export class FileDecryptor {
  private readonly backend: SecretStreamBackend
  private readonly key: Uint8Array
  private state: PullState | undefined
  private chunkBytes = 0
  private buffer: Uint8Array = new Uint8Array(0)
  private fixedHeader: Uint8Array | undefined
  private received = 0
  private plaintextBytes = 0
  private finalSeen = false
  metadata: FileMetadata | undefined

  constructor (backend: SecretStreamBackend, key: Uint8Array) {
    if (key.byteLength !== secretStream.keyBytes) throw new WrongKeyError(`a file key has ${secretStream.keyBytes} bytes, got ${key.byteLength}`)
    this.backend = backend
    this.key = key
  }

  /** Total ciphertext bytes expected, known once the metadata frame is read. */
  get expectedBytes (): number | undefined {
    return this.metadata === undefined ? undefined : ciphertextSize(this.metadata.size, this.chunkBytes)
  }

  /** Decrypts what `ciphertext` completes; returns authenticated plaintext pieces. */
  update (ciphertext: Uint8Array): Uint8Array[] {
    this.received += ciphertext.byteLength
    if (this.finalSeen && ciphertext.byteLength > 0) throw this.trailing()
    this.buffer = this.buffer.byteLength === 0 ? ciphertext.slice() : join(this.buffer, ciphertext)
    const out: Uint8Array[] = []
    for (;;) {
      const need = this.nextFrameBytes()
      if (this.buffer.byteLength < need) break
      out.push(...this.consume(need))
      if (this.finalSeen) {
        if (this.buffer.byteLength > 0) throw this.trailing()
        break
      }
    }
    return out
  }

  /** Decrypts the last frame; throws unless the file ended exactly at its final frame. */
  final (): Uint8Array[] {
    if (this.finalSeen) return []
    if (this.metadata === undefined || this.buffer.byteLength === 0) throw this.truncated()
    if (this.received < (this.expectedBytes ?? 0)) throw this.truncated()
    const out = this.pullContent(this.buffer)
    this.buffer = new Uint8Array(0)
    if (!this.finalSeen) throw this.truncated()
    return out
  }

  private nextFrameBytes (): number {
    if (this.state === undefined) return headerBytes
    if (this.metadata === undefined) return metadataBytes + secretStream.frameOverhead
    return this.chunkBytes + secretStream.frameOverhead
  }

  private consume (bytes: number): Uint8Array[] {
    const piece = this.buffer.subarray(0, bytes)
    this.buffer = this.buffer.subarray(bytes)
    if (this.state === undefined) {
      const header = decodeHeader(piece)
      this.chunkBytes = header.chunkBytes
      this.fixedHeader = piece.slice(0, fixedHeaderBytes)
      this.state = this.backend.initPull(header.streamHeader, this.key)
      return []
    }
    if (this.metadata === undefined) {
      const frame = this.state.pull(piece, this.fixedHeader)
      if (frame === undefined || frame.tag !== secretStream.tagMessage) {
        throw new WrongKeyError('the key does not open this file: the link is wrong or incomplete, or the file is damaged')
      }
      this.metadata = decodeMetadata(frame.message)
      return []
    }
    return this.pullContent(piece)
  }

  private pullContent (piece: Uint8Array): Uint8Array[] {
    const frame = this.state?.pull(piece)
    if (frame === undefined) {
      throw new TamperedFileError(`the file is damaged or was tampered with near byte ${this.received - this.buffer.byteLength - piece.byteLength}`)
    }
    this.plaintextBytes += frame.message.byteLength
    if (frame.tag === secretStream.tagFinal) {
      this.finalSeen = true
      if (this.plaintextBytes !== this.metadata?.size) {
        throw new TamperedFileError(`the file decrypted to ${this.plaintextBytes} bytes, but says it has ${this.metadata?.size}`)
      }
    } else if (frame.tag !== secretStream.tagMessage) {
      throw new TamperedFileError(`unexpected frame tag ${frame.tag}`)
    }
    return frame.message.byteLength === 0 ? [] : [frame.message]
  }

  private truncated (): TruncatedFileError {
    const expected = this.expectedBytes
    return new TruncatedFileError(expected === undefined
      ? `the file ended after ${this.received} bytes, before its header and metadata`
      : `the file ended after ${this.received} of ${expected} bytes`, { details: { received: this.received, expected } })
  }

  private trailing (): TamperedFileError {
    return new TamperedFileError('the file has bytes after its final frame')
  }
}

function join (a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a, 0)
  out.set(b, a.byteLength)
  return out
}
