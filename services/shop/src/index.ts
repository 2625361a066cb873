// pc2-shop — sells this node's encrypted files through the FileShop contract. It keeps the
// listings (the chain's terms, and the title and file only this node knows), watches the
// contract from a persisted block cursor for purchases of them, asks pc2-vault to seal each
// file key to its buyer's X25519 key and sends `deliver`, which pays the seller and the
// promoter in the same transaction. The node's wallet lives in the vault, which signs; every
// signed transaction is written down before it is broadcast, so a restart or a reorg sends
// the same bytes again instead of a second delivery. Its API (API.md) is HTTP/JSON on a Unix
// socket that pc2-admin fronts: owner routes behind the session, public storefront routes.
// Its one network need is the chain's JSON-RPC endpoint (shop.rpcUrl).

import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createRouteServer } from '@pc2/core'
import type { AbortOptions, Components, RouteServer, Settings } from '@pc2/core'
import { chainClient } from './chain/client.ts'
import type { SendStep } from './chain/sender-components.ts'
import { transactionSender } from './chain/sender.ts'
import type { ShopContext } from './context.ts'
import { eventHub } from './events/hub.ts'
import { rememberOwner } from './remember-owner.ts'
import { routes } from './routes.ts'
import { openCursor } from './store/cursor.ts'
import { memoryJsonDir, openJsonDir } from './store/json-dir.ts'
import type { ListingRecord, OutboxRecord, PurchaseRecord } from './store/records.ts'
import { vaultClient } from './vault/client.ts'
import { watcher } from './watcher/index.ts'
import type { Watcher } from './watcher/index.ts'

export interface ShopInit {
  /** One directory per FileShop contract: <address>/listings, purchases, outbox, cursor.json (persistent, 0700). */
  stateDir: string
  /** The API socket (core's serviceSockets.shop in the appliance). */
  socketPath: string
  /** pc2-vault's socket (core's serviceSockets.vault in the appliance). */
  vaultSocket: string
  /**
   * Reads the settings again (the settings files may change while the shop runs); with it,
   * a change of any shop.* setting is applied without a restart.
   */
  reloadSettings?: (options?: AbortOptions) => Promise<Settings>
  /** How often reloadSettings is asked (default 3 s). */
  settingsPollMs?: number
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
  stateDir: '/data/shop'
} as const

/** Request bodies are listings' text and numbers; anything bigger is not a client of this API. */
const jsonBodyBytes = 16 * 1024

/** Blocks a mined transaction stays in the outbox (re-broadcast if a reorg drops it). */
export function reorgWindow (confirmations: number): number {
  return Math.max(confirmations, 1) + 8
}

const shopSettings = ['shop.rpcUrl', 'shop.contract', 'shop.payoutAddress', 'shop.confirmations', 'shop.pollInterval'] as const

export function shop (init: ShopInit): (components: ShopComponents) => Shop {
  return ({ logger, settings: initialSettings }) => {
    const stopping = new AbortController()
    const vault = vaultClient(init.vaultSocket)
    let server: RouteServer | undefined
    let context: ShopContext | undefined
    let selling: { watcher: Watcher, stop: AbortController, running: Promise<void> } | undefined
    let settingsPoll: Promise<void> | undefined

    /** Opens the records of the configured contract and starts watching it; or idles when off. */
    const configure = async (settings: Settings, options: AbortOptions): Promise<void> => {
      if (selling !== undefined) {
        selling.stop.abort(new Error('the shop settings changed'))
        await selling.running
        selling = undefined
      }
      const rpcUrl = settings['shop.rpcUrl']
      const contract = settings['shop.contract']
      const chain = rpcUrl === 'off' || contract === 'off' ? undefined : chainClient(rpcUrl, contract)
      // Each contract has its own listings, purchases, nonces and cursor.
      const directory = join(init.stateDir, chain === undefined ? 'off' : chain.contract.toLowerCase())
      const [listings, purchases, outbox, cursor] = chain === undefined
        ? [memoryJsonDir<ListingRecord>(), memoryJsonDir<PurchaseRecord>(), memoryJsonDir<OutboxRecord>(), undefined]
        : await Promise.all([
          openJsonDir<ListingRecord>(join(directory, 'listings'), options),
          openJsonDir<PurchaseRecord>(join(directory, 'purchases'), options),
          openJsonDir<OutboxRecord>(join(directory, 'outbox'), options),
          openCursor(directory, options)
        ])
      const runtime = context?.runtime ?? { wallet: undefined, owner: undefined, chainId: undefined, head: undefined, chainTime: undefined, cursor: undefined, lastError: null }
      Object.assign(runtime, { chainId: undefined, head: undefined, chainTime: undefined, cursor: cursor?.get()?.blockNumber, lastError: null })
      const next: ShopContext = { logger, settings, chain, sender: undefined, vault, listings, purchases, events: context?.events ?? eventHub(), runtime }
      if (chain !== undefined && cursor !== undefined) {
        next.sender = transactionSender({
          chain,
          vault,
          outbox,
          logger,
          wallet: () => runtime.wallet,
          reorgWindow: reorgWindow(settings['shop.confirmations']),
          ...(init.onSendStep === undefined ? {} : { onStep: init.onSendStep })
        })
        const stop = new AbortController()
        const chainWatcher = watcher({ ...next, chain, sender: next.sender }, { cursor })
        selling = { watcher: chainWatcher, stop, running: chainWatcher.run(AbortSignal.any([stop.signal, stopping.signal])) }
      }
      // The server reads the context on every request: swap it whole.
      if (context === undefined) context = next
      else Object.assign(context, next)
      logger.info('selling', { state: chain === undefined ? 'off' : `on ${chain.rpcUrl}, contract ${chain.contract}` })
    }

    const watchSettings = async (reload: NonNullable<ShopInit['reloadSettings']>): Promise<void> => {
      let failure = ''
      while (!stopping.signal.aborted) {
        await sleep(init.settingsPollMs ?? 3_000, undefined, { signal: stopping.signal }).catch(() => {})
        if (stopping.signal.aborted) return
        try {
          const settings = await reload({ signal: stopping.signal })
          failure = ''
          const current = context?.settings
          if (current !== undefined && shopSettings.every((name) => settings[name] === current[name])) continue
          logger.notice('shop settings changed; applying them', Object.fromEntries(shopSettings.map((name) => [name, String(settings[name])])))
          await configure(settings, { signal: stopping.signal })
        } catch (error) {
          if (stopping.signal.aborted) return
          // A settings file being edited may be invalid for a moment: keep selling as configured.
          const message = (error as Error).message
          if (message !== failure) logger.warning('cannot read the settings; keeping the current ones', { error: (error as Error).name, reason: message })
          failure = message
        }
      }
    }

    return {
      socketPath: init.socketPath,
      get watcher () { return selling?.watcher },
      async start (options = {}) {
        await configure(initialSettings, options)
        if (context === undefined) throw new Error('unreachable: configure sets the context')
        // The vault may still be starting: the watcher asks again at every poll.
        context.runtime.wallet = (await vault.getWallet(options).catch(() => undefined))?.address
        server = createRouteServer(routes, {
          name: 'pc2-shop',
          state: { shop: context },
          logger,
          limits: { jsonBodyBytes },
          dispatch: async (route, request) => {
            rememberOwner(request.shop, request.headers['x-pc2-owner'])
            return await route.handler(request)
          }
        })
        await server.listen({ socket: init.socketPath }, options)
        if (init.reloadSettings !== undefined) settingsPoll = watchSettings(init.reloadSettings)
      },
      async stop (options = {}) {
        stopping.abort(new Error('pc2-shop is stopping'))
        // Requests in flight are told to stop at once, as the watcher is.
        const closing = server?.close(options)
        await settingsPoll
        await selling?.running
        await closing
      }
    }
  }
}
