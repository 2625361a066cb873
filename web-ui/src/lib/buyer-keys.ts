// The buyer's X25519 key pair, made from a wallet signature exactly as
// @pc2/core/shop/buyer-key says (so the CLI and any device make the same key), and the
// opening of the file key the seller's node sealed to it. libsodium comes with the crypto
// chunk; the private key lives only in this tab's memory.

import { buyerKeyMessage, buyerKeySeed } from '@pc2/core/shop/buyer-key'
import type { BuyerKeyScope } from '@pc2/core/shop/buyer-key'
import { loadFileCrypto } from './file-crypto.ts'
import { hexToBytes, keyCommitmentOf } from './fileshop-calls.ts'
import { personalSign } from './wallet.ts'
import type { Eip1193Provider } from './wallet.ts'

export interface BuyerKeyPair { publicKey: Uint8Array, privateKey: Uint8Array }

export class DeliveredKeyMismatchError extends Error {
  override name = 'DeliveredKeyMismatchError'
}

export async function deriveBuyerKeyPair (provider: Eip1193Provider, buyer: string, scope: BuyerKeyScope): Promise<BuyerKeyPair> {
  const signature = await personalSign(provider, buyerKeyMessage(scope), buyer)
  const seed = await buyerKeySeed(signature)
  const { sodium } = await loadFileCrypto()
  const pair = sodium.crypto_box_seed_keypair(seed)
  return { publicKey: pair.publicKey, privateKey: pair.privateKey }
}

/** Opens the sealed file key and checks it against the listing's commitment. */
export async function openDeliveredKey (sealedKey: string, pair: BuyerKeyPair, keyCommitment: string): Promise<Uint8Array> {
  const { sodium } = await loadFileCrypto()
  let key: Uint8Array
  try {
    key = sodium.crypto_box_seal_open(hexToBytes(sealedKey), pair.publicKey, pair.privateKey)
  } catch {
    throw new DeliveredKeyMismatchError('The delivered key does not open with your buyer key. Was the purchase made with this wallet?')
  }
  if (keyCommitmentOf(key).toLowerCase() !== keyCommitment.toLowerCase()) {
    throw new DeliveredKeyMismatchError('The delivered key is not the one the listing promised; the file would not decrypt.')
  }
  return key
}
