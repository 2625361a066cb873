// Wrapping under the node key: XChaCha20-Poly1305 (IETF AEAD) with a random 24-byte nonce
// (random nonces are safe at this nonce size), stored as nonce ‖ ciphertext. The additional
// data names what is wrapped (a CID, or the identity), so a wrapped value moved to another
// place no longer opens.

import type { Sodium } from './sodium.ts'

export interface NodeCipher {
  wrap (plaintext: Uint8Array, additionalData: string): Uint8Array
  /** The plaintext, or undefined when `wrapped` does not authenticate with this data. */
  unwrap (wrapped: Uint8Array, additionalData: string): Uint8Array | undefined
}

export function nodeCipher (sodium: Sodium, nodeKey: Uint8Array): NodeCipher {
  const nonceBytes = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
  return {
    wrap (plaintext, additionalData) {
      const nonce = sodium.randombytes_buf(nonceBytes)
      const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, additionalData, null, nonce, nodeKey)
      const wrapped = new Uint8Array(nonce.byteLength + sealed.byteLength)
      wrapped.set(nonce, 0)
      wrapped.set(sealed, nonce.byteLength)
      return wrapped
    },
    unwrap (wrapped, additionalData) {
      if (wrapped.byteLength < nonceBytes + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES) return undefined
      try {
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, wrapped.subarray(nonceBytes), additionalData, wrapped.subarray(0, nonceBytes), nodeKey)
      } catch {
        return undefined
      }
    }
  }
}
