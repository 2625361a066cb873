// Makes the node's wallet once. It is never replaced: the key may already hold funds and
// own listings on chain, so a second request answers the wallet that exists. Requests are
// serialized on one lock key, so simultaneous first requests still make a single wallet.

import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import type { AbortOptions } from '@pc2/core'
import { writeFileAtomic } from '@pc2/core'
import type { VaultContext } from '../context.ts'
import { encodeWallet } from './wallet.ts'
import type { NodeWallet } from './wallet.ts'

/** Not a CID shape, so it never shares a queue with a file record. */
const walletLockKey = 'wallet'

export interface CreateWalletResult {
  wallet: NodeWallet
  created: boolean
}

export async function createWallet (state: VaultContext, options: AbortOptions = {}): Promise<CreateWalletResult> {
  return await state.locks.run(walletLockKey, async () => {
    if (state.wallet !== undefined) return { wallet: state.wallet, created: false }
    options.signal?.throwIfAborted()
    const privateKey = generatePrivateKey()
    const wallet: NodeWallet = { address: privateKeyToAddress(privateKey), privateKey, createdAt: new Date().toISOString() }
    // No signal here: once begun, the write lands, so memory and disk agree.
    await writeFileAtomic(state.paths.wallet, encodeWallet(state.cipher, wallet), { mode: 0o600 })
    state.wallet = wallet
    return { wallet, created: true }
  })
}
