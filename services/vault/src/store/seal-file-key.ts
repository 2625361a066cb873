// Hands a file key to one recipient (a buyer) without anyone in between learning it:
// crypto_box_seal to the recipient's X25519 public key. Only the matching secret key opens
// it; the vault keeps no way to open it either.

import type { AbortOptions } from '@pc2/core'
import { InvalidInputError } from '@pc2/core'
import { getFile } from './get-file.ts'
import type { VaultContext } from '../context.ts'

export async function sealFileKey (state: VaultContext, cid: string, recipientPublicKey: Uint8Array, options: AbortOptions = {}): Promise<Uint8Array> {
  const file = await getFile(state, cid, options)
  try {
    return state.sodium.crypto_box_seal(file.key, recipientPublicKey)
  } catch (error) {
    // libsodium refuses public keys of low order (all-zero shared secret): not a real key.
    throw new InvalidInputError('recipientPublicKey is not a usable X25519 public key', {
      details: { field: 'recipientPublicKey', expected: 'an X25519 public key' },
      cause: error
    })
  }
}
