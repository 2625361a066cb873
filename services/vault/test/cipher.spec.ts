import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nodeCipher } from '../src/cipher.ts'
import { loadSodium } from '../src/sodium.ts'

describe('node cipher (wrap / unwrap)', async () => {
  const sodium = await loadSodium()
  const cipher = nodeCipher(sodium, sodium.crypto_aead_xchacha20poly1305_ietf_keygen())
  const secret = new TextEncoder().encode('a file key and its metadata')

  it('unwraps what it wrapped, with the same additional data', () => {
    const wrapped = cipher.wrap(secret, 'bafkreiexample')
    assert.equal(wrapped.byteLength, 24 + secret.byteLength + 16)
    assert.deepEqual(cipher.unwrap(wrapped, 'bafkreiexample'), secret)
  })

  it('uses a fresh nonce every time', () => {
    assert.notDeepEqual(cipher.wrap(secret, 'x'), cipher.wrap(secret, 'x'))
  })

  it('refuses other additional data, a flipped bit, a short value and another node key', () => {
    const wrapped = cipher.wrap(secret, 'bafkreione')
    assert.equal(cipher.unwrap(wrapped, 'bafkreitwo'), undefined)
    const flipped = wrapped.slice()
    flipped[30] = (flipped[30] ?? 0) ^ 1
    assert.equal(cipher.unwrap(flipped, 'bafkreione'), undefined)
    assert.equal(cipher.unwrap(wrapped.subarray(0, 39), 'bafkreione'), undefined)
    const other = nodeCipher(sodium, sodium.crypto_aead_xchacha20poly1305_ietf_keygen())
    assert.equal(other.unwrap(wrapped, 'bafkreione'), undefined)
  })
})
