import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  FileDecryptor, FileEncryptor, ciphertextSize, concat, decodeFileKey, encodeFileKey, formatShareLink,
  loadSodiumWrappersBackend, parseShareLink, safeFileName
} from '../../src/file-format/index.ts'
import type { FileMetadata, SecretStreamBackend } from '../../src/file-format/index.ts'
import { loadFastestBackend } from '../../src/file-format/sodium-native.ts'

const chunkBytes = 4096

function encrypt (backend: SecretStreamBackend, key: Uint8Array, plaintext: Uint8Array, metadata: Partial<FileMetadata> = {}, pieceBytes = 1000): Uint8Array {
  const encryptor = new FileEncryptor(backend, key, { name: 'a.bin', type: 'application/octet-stream', size: plaintext.byteLength, ...metadata }, { chunkBytes })
  const out: Uint8Array[] = []
  for (let offset = 0; offset < plaintext.byteLength; offset += pieceBytes) out.push(...encryptor.update(plaintext.subarray(offset, offset + pieceBytes)))
  out.push(...encryptor.final())
  return concat(out)
}

export function decrypt (backend: SecretStreamBackend, key: Uint8Array, ciphertext: Uint8Array, pieceBytes = 777): { plaintext: Uint8Array, metadata: FileMetadata | undefined } {
  const decryptor = new FileDecryptor(backend, key)
  const out: Uint8Array[] = []
  for (let offset = 0; offset < ciphertext.byteLength; offset += pieceBytes) out.push(...decryptor.update(ciphertext.subarray(offset, offset + pieceBytes)))
  out.push(...decryptor.final())
  return { plaintext: concat(out), metadata: decryptor.metadata }
}

describe('file format round trip', async () => {
  const wrappers = await loadSodiumWrappersBackend()
  const native = await loadFastestBackend()

  it('uses sodium-native on this machine', () => {
    assert.equal(native.name, 'sodium-native')
  })

  for (const size of [0, 1, chunkBytes - 1, chunkBytes, chunkBytes + 1, 3 * chunkBytes, 50_000]) {
    it(`${size} bytes: both backends read what either wrote, at the predicted size`, () => {
      const key = wrappers.randomBytes(32)
      const plaintext = new Uint8Array(randomBytes(size))
      for (const [writer, reader] of [[wrappers, native], [native, wrappers], [native, native]] as const) {
        const ciphertext = encrypt(writer, key, plaintext, { name: 'report.pdf', type: 'application/pdf' })
        assert.equal(ciphertext.byteLength, ciphertextSize(size, chunkBytes))
        const result = decrypt(reader, key, ciphertext)
        assert.deepEqual(result.plaintext, plaintext)
        assert.deepEqual(result.metadata, { name: 'report.pdf', type: 'application/pdf', size })
      }
    })
  }

  it('keeps the name out of the ciphertext', () => {
    const key = native.randomBytes(32)
    const ciphertext = encrypt(native, key, new Uint8Array(10), { name: 'secret-plans.txt' })
    assert.equal(Buffer.from(ciphertext).includes('secret-plans'), false)
  })

  it('cleans names that try to leave the download folder', () => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd')
    assert.equal(safeFileName('..\\..\\boot.ini'), 'boot.ini')
    assert.equal(safeFileName('..'), 'download')
    assert.equal(safeFileName('a\u0000b\nc.txt'), 'abc.txt')
    assert.ok(new TextEncoder().encode(safeFileName('é'.repeat(300))).byteLength <= 255)
    const key = native.randomBytes(32)
    const result = decrypt(native, key, encrypt(native, key, new Uint8Array(3), { name: '/etc/../../shadow' }))
    assert.equal(result.metadata?.name, 'shadow')
  })

  it('refuses to finish when fewer or more bytes come than declared', () => {
    const key = native.randomBytes(32)
    const short = new FileEncryptor(native, key, { name: 'x', type: 'text/plain', size: 10 }, { chunkBytes })
    short.update(new Uint8Array(5))
    assert.throws(() => short.final(), { name: 'InvalidFileMetadataError' })
    const long = new FileEncryptor(native, key, { name: 'x', type: 'text/plain', size: 1 }, { chunkBytes })
    assert.throws(() => long.update(new Uint8Array(2)), { name: 'InvalidFileMetadataError' })
  })

  it('encodes keys and share links both ways', () => {
    const key = native.randomBytes(32)
    assert.equal(encodeFileKey(key).length, 43)
    assert.deepEqual(decodeFileKey(encodeFileKey(key)), key)
    const cid = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
    const link = formatShareLink('http://pc2.local/', cid, key)
    assert.equal(link, `http://pc2.local/f/${cid}#k=${encodeFileKey(key)}`)
    assert.deepEqual(parseShareLink(link), { origin: 'http://pc2.local', cid, key })
  })

  it('names what is wrong with a bad share link', () => {
    const cid = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
    for (const bad of ['not a url', `http://pc2.local/x/${cid}#k=${'A'.repeat(43)}`, `http://pc2.local/f/${cid}`,
      `http://pc2.local/f/${cid}#k=short`, `http://pc2.local/f/not-a-cid#k=${'A'.repeat(43)}`]) {
      assert.throws(() => parseShareLink(bad), { name: 'InvalidShareLinkError' }, bad)
    }
  })
})
