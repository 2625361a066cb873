import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { FileDecryptor, FileEncryptor, concat, encodeHeader } from '../../src/file-format/index.ts'
import type { SecretStreamBackend } from '../../src/file-format/index.ts'
import { loadFastestBackend } from '../../src/file-format/sodium-native.ts'

const chunkBytes = 4096

function encrypt (backend: SecretStreamBackend, key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const encryptor = new FileEncryptor(backend, key, { name: 'f', type: 'text/plain', size: plaintext.byteLength }, { chunkBytes })
  return concat([...encryptor.update(plaintext), ...encryptor.final()])
}

function decryptAll (backend: SecretStreamBackend, key: Uint8Array, ciphertext: Uint8Array): { released: number } {
  const decryptor = new FileDecryptor(backend, key)
  let released = 0
  for (const piece of decryptor.update(ciphertext)) released += piece.byteLength
  for (const piece of decryptor.final()) released += piece.byteLength
  return { released }
}

describe('file format faults', async () => {
  const backend = await loadFastestBackend()
  const key = backend.randomBytes(32)
  const plaintext = new Uint8Array(randomBytes(3 * chunkBytes + 100))
  const ciphertext = encrypt(backend, key, plaintext)

  it('a wrong key is a WrongKeyError', () => {
    assert.throws(() => decryptAll(backend, backend.randomBytes(32), ciphertext), { name: 'WrongKeyError' })
  })

  it('a flipped byte anywhere after the header is caught', () => {
    for (const offset of [40, 36 + 1041 + 5, ciphertext.byteLength - 3, Math.floor(ciphertext.byteLength / 2)]) {
      const damaged = ciphertext.slice()
      damaged[offset] = (damaged[offset] ?? 0) ^ 0x01
      assert.throws(() => decryptAll(backend, key, damaged), (error: Error) => ['TamperedFileError', 'WrongKeyError'].includes(error.name), `offset ${offset}`)
    }
  })

  it('a changed chunk size in the header is caught by frame 0', () => {
    const damaged = ciphertext.slice()
    damaged.set(encodeHeader(8192, damaged.subarray(12, 36)))
    assert.throws(() => decryptAll(backend, key, damaged), { name: 'WrongKeyError' })
  })

  it('a file cut at any point is a TruncatedFileError, never silent success', () => {
    for (const length of [0, 10, 36, 500, 36 + 1041, 36 + 1041 + chunkBytes + 17, ciphertext.byteLength - 1]) {
      assert.throws(() => decryptAll(backend, key, ciphertext.subarray(0, length)), { name: 'TruncatedFileError' }, `length ${length}`)
    }
  })

  it('bytes after the final frame are refused', () => {
    assert.throws(() => decryptAll(backend, key, concat([ciphertext, new Uint8Array(1)])), { name: 'TamperedFileError' })
  })

  it('frames reordered or dropped are caught', () => {
    const start = 36 + 1041
    const frame = chunkBytes + 17
    const swapped = concat([ciphertext.subarray(0, start), ciphertext.subarray(start + frame, start + 2 * frame), ciphertext.subarray(start, start + frame), ciphertext.subarray(start + 2 * frame)])
    assert.throws(() => decryptAll(backend, key, swapped), { name: 'TamperedFileError' })
    const dropped = concat([ciphertext.subarray(0, start), ciphertext.subarray(start + frame)])
    assert.throws(() => decryptAll(backend, key, dropped), (error: Error) => ['TamperedFileError', 'TruncatedFileError'].includes(error.name))
  })

  it('something that is not a PC2 file says so', () => {
    assert.throws(() => decryptAll(backend, key, new TextEncoder().encode('<html>not found</html> and more bytes to fill a header')), { name: 'NotEncryptedFileError' })
    const future = ciphertext.slice()
    future[4] = 9
    assert.throws(() => decryptAll(backend, key, future), { name: 'UnsupportedFormatError' })
  })
})
