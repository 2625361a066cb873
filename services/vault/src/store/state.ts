// What every vault operation works with, built once at start: the ready libsodium, where
// things are, the node key as a cipher, the node's identity, and the per-CID lock.

import type { NodeCipher } from '../cipher.ts'
import type { Sodium } from '../sodium.ts'
import type { NodeIdentity } from './identity.ts'
import type { KeyedLock } from './lock.ts'
import type { VaultPaths } from './paths.ts'

export interface VaultState {
  sodium: Sodium
  paths: VaultPaths
  cipher: NodeCipher
  identity: NodeIdentity
  locks: KeyedLock
}
