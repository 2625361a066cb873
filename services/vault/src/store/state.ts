// What every vault operation works with, built once at start: the ready libsodium, where
// things are, the node key as a cipher, the node's identity and wallet, and the lock.

import type { NodeCipher } from '../cipher.ts'
import type { Sodium } from '../sodium.ts'
import type { NodeIdentity } from './identity.ts'
import type { KeyedLock } from './lock.ts'
import type { VaultPaths } from './paths.ts'
import type { NodeWallet } from './wallet.ts'

export interface VaultState {
  sodium: Sodium
  paths: VaultPaths
  cipher: NodeCipher
  identity: NodeIdentity
  /** Undefined until POST /wallet; set once (store/create-wallet.ts), never replaced. */
  wallet: NodeWallet | undefined
  locks: KeyedLock
}
