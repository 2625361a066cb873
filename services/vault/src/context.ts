// What every vault operation works with, built once at start: the ready libsodium, where
// things are, the node key as a cipher, the node's identity and wallet, and the lock. Route
// handlers get it as `vault`, beside their request.

import type { ApiHandler, RouteRequest, VaultApi } from '@pc2/core'
import type { NodeCipher } from './cipher.ts'
import type { Sodium } from './sodium.ts'
import type { NodeIdentity } from './store/identity.ts'
import type { KeyedLock } from './store/lock.ts'
import type { VaultPaths } from './store/paths.ts'
import type { NodeWallet } from './store/wallet.ts'

export interface VaultContext {
  sodium: Sodium
  paths: VaultPaths
  cipher: NodeCipher
  identity: NodeIdentity
  /** Undefined until POST /wallet; set once (store/create-wallet.ts), never replaced. */
  wallet: NodeWallet | undefined
  locks: KeyedLock
}

export type VaultRouteContext = RouteRequest & { vault: VaultContext }

/** A route of VaultApi, its params and reply typed by the contract. */
export type VaultHandler<Key extends keyof VaultApi> = ApiHandler<VaultApi, Key, VaultRouteContext>
