// pc2-vault — the node's keys, behind their own process boundary and without any network
// (PrivateNetwork=yes). It makes and keeps the node key, which wraps everything else; the
// node's X25519 identity; the node's hot wallet (secp256k1), whose transactions it signs
// for pc2-shop; and the key of every uploaded file, wrapped with its CID as additional
// data. It serves the narrow API of API.md (next to this directory) as HTTP/JSON on a Unix
// socket that only pc2-admin and pc2-shop can open: store a file key, hand it back to the
// signed-in owner (pc2-admin checks the session), seal it to a buyer's public key, or sign
// a transaction with the wallet. Keys are never logged.

import { join } from 'node:path'
import { closeServer, listenOnSocket } from '@pc2/core'
import type { AbortOptions, Components } from '@pc2/core'
import { nodeCipher } from './cipher.ts'
import { routes } from './routes.ts'
import { createVaultServer } from './server.ts'
import { loadSodium } from './sodium.ts'
import { loadIdentity } from './store/identity.ts'
import { createKeyedLock } from './store/lock.ts'
import { loadNodeKey } from './store/node-key.ts'
import { vaultPaths } from './store/paths.ts'
import { prepareStateDir } from './store/prepare.ts'
import type { VaultState } from './store/state.ts'
import { loadWallet } from './store/wallet.ts'

export interface VaultInit {
  /** Where node.key, identity.json, wallet.json and files/ live (persistent, 0700). */
  stateDir: string
  /** Where api.sock is created (the unit's RuntimeDirectory). */
  runtimeDir: string
}

export type VaultComponents = Pick<Components, 'logger'>

export interface Vault {
  start (options?: AbortOptions): Promise<void>
  /** Stops accepting connections and waits for requests in flight; aborting closes them all. */
  stop (options?: AbortOptions): Promise<void>
  /** The socket's path. */
  readonly socketPath: string
}

export const vaultDefaults = {
  stateDir: '/data/vault',
  runtimeDir: '/run/pc2/vault'
} as const

export function vault (init: VaultInit): (components: VaultComponents) => Vault {
  return ({ logger }) => {
    const socketPath = join(init.runtimeDir, 'api.sock')
    let server: ReturnType<typeof createVaultServer> | undefined

    return {
      socketPath,
      async start (options = {}) {
        const sodium = await loadSodium()
        const paths = vaultPaths(init.stateDir)
        await prepareStateDir(paths, options)
        const cipher = nodeCipher(sodium, await loadNodeKey(sodium, paths, options))
        const state: VaultState = {
          sodium,
          paths,
          cipher,
          identity: await loadIdentity(sodium, cipher, paths, options),
          wallet: await loadWallet(cipher, paths, options),
          locks: createKeyedLock()
        }
        server = createVaultServer(routes, state, logger)
        await listenOnSocket(server, socketPath, options)
        logger.info('listening', { socket: socketPath })
      },
      async stop (options = {}) {
        if (await closeServer(server, options)) logger.info('closed')
      }
    }
  }
}
