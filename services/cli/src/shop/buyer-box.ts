// The buyer's X25519 key pair and the opening of what the seller delivered. The key pair is
// derived from the buyer's wallet signature over core's buyerKeyMessage (buyer-key.ts, the
// same derivation as the storefront page), so the buyer keeps no new secret and can open a
// delivery later, on any machine, with the same wallet. Native libsodium when its addon
// loads, else the WASM build: the same bytes either way.

import type { Account } from 'viem'
import { loadSodiumNative } from '@pc2/core/file-format/native'
import { buyerKeyMessage, buyerKeySeed } from '@pc2/core/shop/buyer-key'

export interface BuyerBox {
  publicKey: Uint8Array
  /** The sealed box's plaintext, or undefined when it was not sealed to this key. */
  open (sealed: Uint8Array): Uint8Array | undefined
}

interface SodiumNative {
  crypto_box_PUBLICKEYBYTES: number
  crypto_box_SECRETKEYBYTES: number
  crypto_box_SEALBYTES: number
  crypto_box_seed_keypair (publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array): void
  crypto_box_seal_open (message: Uint8Array, sealed: Uint8Array, publicKey: Uint8Array, secretKey: Uint8Array): boolean
}

export async function deriveBuyerBox (account: Account, scope: { chainId: number, contract: string }): Promise<BuyerBox> {
  if (account.signMessage === undefined) throw new Error('this account cannot sign messages')
  // personal_sign (EIP-191), as a browser wallet signs on the storefront page.
  const signature = await account.signMessage({ message: buyerKeyMessage(scope) })
  const seed = await buyerKeySeed(signature)
  const native = loadSodiumNative<SodiumNative>()
  if (native !== undefined) {
    const publicKey = new Uint8Array(native.crypto_box_PUBLICKEYBYTES)
    const secretKey = new Uint8Array(native.crypto_box_SECRETKEYBYTES)
    native.crypto_box_seed_keypair(publicKey, secretKey, seed)
    return {
      publicKey,
      open (sealed) {
        if (sealed.byteLength < native.crypto_box_SEALBYTES) return undefined
        const message = new Uint8Array(sealed.byteLength - native.crypto_box_SEALBYTES)
        return native.crypto_box_seal_open(message, sealed, publicKey, secretKey) ? message : undefined
      }
    }
  }
  const { default: sodium } = await import('libsodium-wrappers')
  await sodium.ready
  const { publicKey, privateKey } = sodium.crypto_box_seed_keypair(seed)
  return {
    publicKey,
    open (sealed) {
      try {
        return sodium.crypto_box_seal_open(sealed, publicKey, privateKey)
      } catch {
        return undefined
      }
    }
  }
}
