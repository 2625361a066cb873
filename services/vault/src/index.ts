// pc2-vault — the node's keys, behind their own process boundary and without any network
// (PrivateNetwork=yes). It makes and keeps the node key, which wraps everything else; the
// node's X25519 identity; the node's hot wallet (secp256k1), whose transactions it signs
// for pc2-shop; and the key of every uploaded file, wrapped with its CID as additional
// data. It serves the narrow API of API.md (next to this directory) as HTTP/JSON on a Unix
// socket that only pc2-admin and pc2-shop can open: store a file key, hand it back to the
// signed-in owner (pc2-admin checks the session), seal it to a buyer's public key, or sign
// a transaction with the wallet. Keys are never logged.

import { createRouteServer } from '@pc2/core'
import type { AbortOptions, Components, RouteServer } from '@pc2/core'
import { nodeCipher } from './cipher.ts'
import type { VaultContext } from './context.ts'
import { routes } from './routes.ts'
import { loadSodium } from './sodium.ts'
import { loadIdentity } from './store/identity.ts'
import { createKeyedLock } from './store/lock.ts'
import { loadNodeKey } from './store/node-key.ts'
import { vaultPaths } from './store/paths.ts'
import { prepareStateDir } from './store/prepare.ts'
import { loadWallet } from './store/wallet.ts'

export interface VaultInit {
  /** Where node.key, identity.json, wallet.json and files/ live (persistent, 0700). */
  stateDir: string
  /** The API socket (core's serviceSockets.vault in the appliance). */
  socketPath: string
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
  stateDir: '/data/vault'
} as const

/** Keys and metadata are small; anything bigger is not a client of this API. */
const jsonBodyBytes = 16 * 1024

export function vault (init: VaultInit): (components: VaultComponents) => Vault {
  return ({ logger }) => {
    let server: RouteServer | undefined

    return {
      socketPath: init.socketPath,
      async start (options = {}) {
        const sodium = await loadSodium()
        const paths = vaultPaths(init.stateDir)
        await prepareStateDir(paths, options)
        const cipher = nodeCipher(sodium, await loadNodeKey(sodium, paths, options))
        const context: VaultContext = {
          sodium,
          paths,
          cipher,
          identity: await loadIdentity(sodium, cipher, paths, options),
          wallet: await loadWallet(cipher, paths, options),
          locks: createKeyedLock()
        }
        // A request's work stops when its client goes away. Stopping the vault does not cut
        // requests short: each takes milliseconds, and a write that is under way should land.
        server = createRouteServer(routes, { name: 'pc2-vault', state: { vault: context }, logger, endRequestsOnClose: false, limits: { jsonBodyBytes } })
        await server.listen({ socket: init.socketPath }, options)
      },
      async stop (options = {}) {
        await server?.close(options)
      }
    }
  }
}
