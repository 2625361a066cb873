// pc2-shop — sells this node's encrypted files through the FileShop contract. It keeps the
// listings (the chain's terms, and the title and file only this node knows), watches the
// contract from a persisted block cursor for purchases of them, asks pc2-vault to seal each
// file key to its buyer's X25519 key and sends `deliver`, which pays the seller and the
// promoter in the same transaction. The node's wallet lives in the vault, which signs; every
// signed transaction is written down before it is broadcast, so a restart or a reorg sends
// the same bytes again instead of a second delivery. Its API (API.md) is HTTP/JSON on a Unix
// socket that pc2-admin fronts: owner routes behind the session, public storefront routes.
// Its one network need is the chain's JSON-RPC endpoint (shop.rpcUrl).

import { once } from 'node:events'
import type { Server } from 'node:http'
import { join } from 'node:path'
import type { AbortOptions, Components } from '@pc2/core'
import { chainClient } from './chain/client.ts'
import { transactionSender } from './chain/sender.ts'
import type { SendStep } from './chain/sender.ts'
import type { ShopContext } from './context.ts'
import { eventHub } from './events/hub.ts'
import { listenOnSocket } from './http/listen-socket.ts'
import { createShopServer } from './http/server.ts'
import { routes } from './routes.ts'
import { openCursor } from './store/cursor.ts'
import { openJsonDir } from './store/json-dir.ts'
import type { ListingRecord, OutboxRecord, PurchaseRecord } from './store/records.ts'
import { vaultClient } from './vault/client.ts'
import { watcher } from './watcher/index.ts'
import type { Watcher } from './watcher/index.ts'

export interface ShopInit {
  /** listings/, purchases/, outbox/ and cursor.json (persistent, 0700). */
  stateDir: string
  /** Where api.sock is created (the unit's RuntimeDirectory). */
  runtimeDir: string
  vaultSocket: string
  /** Called at each step of every transaction's life (tests stop the process there). */
  onSendStep?: (step: SendStep, record: OutboxRecord) => void
}

export type ShopComponents = Pick<Components, 'logger' | 'settings'>

export interface Shop {
  start (options?: AbortOptions): Promise<void>
  /** Stops the watcher, stops accepting connections, and waits for requests in flight. */
  stop (options?: AbortOptions): Promise<void>
  readonly socketPath: string
  /** Undefined while selling is off. */
  readonly watcher: Watcher | undefined
}

export const shopDefaults = {
  stateDir: '/data/shop',
  runtimeDir: '/run/pc2/shop',
  vaultSocket: '/run/pc2/vault/api.sock'
} as const

/** Blocks a mined transaction stays in the outbox (re-broadcast if a reorg drops it). */
export function reorgWindow (confirmations: number): number {
  return Math.max(confirmations, 1) + 8
}

export function shop (init: ShopInit): (components: ShopComponents) => Shop {
  return ({ logger, settings }) => {
    const socketPath = join(init.runtimeDir, 'api.sock')
    const stopping = new AbortController()
    let server: Server | undefined
    let watching: Promise<void> | undefined
    let chainWatcher: Watcher | undefined

    return {
      socketPath,
      get watcher () { return chainWatcher },
      async start (options = {}) {
        const [listings, purchases, outbox, cursor] = await Promise.all([
          openJsonDir<ListingRecord>(join(init.stateDir, 'listings'), options),
          openJsonDir<PurchaseRecord>(join(init.stateDir, 'purchases'), options),
          openJsonDir<OutboxRecord>(join(init.stateDir, 'outbox'), options),
          openCursor(init.stateDir, options)
        ])
        const vault = vaultClient(init.vaultSocket)
        const rpcUrl = settings['shop.rpcUrl']
        const contract = settings['shop.contract']
        const chain = rpcUrl === 'off' || contract === 'off' ? undefined : chainClient(rpcUrl, contract)
        const context: ShopContext = {
          logger,
          settings,
          chain,
          sender: undefined,
          vault,
          listings,
          purchases,
          events: eventHub(),
          runtime: { wallet: undefined, owner: undefined, chainId: undefined, head: undefined, chainTime: undefined, cursor: cursor.get()?.blockNumber, lastError: null }
        }
        if (chain !== undefined) {
          context.sender = transactionSender({
            chain,
            vault,
            outbox,
            logger,
            wallet: () => context.runtime.wallet,
            reorgWindow: reorgWindow(settings['shop.confirmations']),
            ...(init.onSendStep === undefined ? {} : { onStep: init.onSendStep })
          })
        }
        // The vault may still be starting: the watcher asks again at every poll.
        context.runtime.wallet = (await vault.getWallet(options).catch(() => undefined))?.address

        server = createShopServer(routes, context, logger, stopping.signal)
        await listenOnSocket(server, socketPath, options)
        logger.info('listening', { socket: socketPath, selling: chain === undefined ? 'off' : `on ${chain.rpcUrl}, contract ${chain.contract}` })
        if (chain !== undefined && context.sender !== undefined) {
          chainWatcher = watcher({ ...context, chain, sender: context.sender }, { cursor })
          watching = chainWatcher.run(stopping.signal)
        }
      },
      async stop (options = {}) {
        stopping.abort(new Error('pc2-shop is stopping'))
        await watching
        if (server?.listening !== true) return
        const closed = once(server, 'close')
        server.close()
        server.closeIdleConnections()
        const abandon = (): void => { server?.closeAllConnections() }
        options.signal?.addEventListener('abort', abandon, { once: true })
        try {
          await closed
        } finally {
          options.signal?.removeEventListener('abort', abandon)
        }
        logger.info('closed')
      }
    }
  }
}
