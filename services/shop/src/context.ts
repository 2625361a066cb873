// Everything the routes, operations and the watcher share, built once at start. While
// shop.rpcUrl or shop.contract is off there is no chain and no sender: `enabled` throws
// ShopNotConfiguredError naming the setting, and the service only answers health, status
// and the wallet. Route handlers get it as `shop`, beside their request.

import type { Address } from 'viem'
import { ShopNotConfiguredError } from '@pc2/core'
import type { ApiHandler, Logger, RouteRequest, Settings, ShopApi } from '@pc2/core'
import type { ChainClient } from './chain/client.ts'
import type { TransactionSender } from './chain/sender.ts'
import type { EventHub } from './events/hub.ts'
import type { JsonDir } from './store/json-dir.ts'
import type { ListingRecord, PurchaseRecord } from './store/records.ts'
import type { VaultClient } from './vault/client.ts'

/** What the watcher last learned; status reads it, and so does every view that needs "now". */
export interface ShopRuntime {
  wallet: Address | undefined
  /** The owner's address from pc2-admin's x-pc2-owner header, latest seen. */
  owner: Address | undefined
  chainId: number | undefined
  head: number | undefined
  /** Timestamp of the head block: the contract's clock, which deadlines are measured on. */
  chainTime: number | undefined
  cursor: number | undefined
  lastError: { name: string, message: string, at: string } | null
}

export interface ShopContext {
  logger: Logger
  settings: Settings
  chain: ChainClient | undefined
  sender: TransactionSender | undefined
  vault: VaultClient
  listings: JsonDir<ListingRecord>
  purchases: JsonDir<PurchaseRecord>
  events: EventHub
  runtime: ShopRuntime
}

export type ShopRouteContext = RouteRequest & { shop: ShopContext }

/** A route of ShopApi, its params and reply typed by the contract. */
export type ShopHandler<Key extends keyof ShopApi> = ApiHandler<ShopApi, Key, ShopRouteContext>

export interface EnabledShop extends ShopContext {
  chain: ChainClient
  sender: TransactionSender
}

export function enabled (shop: ShopContext): EnabledShop {
  for (const setting of ['shop.rpcUrl', 'shop.contract'] as const) {
    if (shop.settings[setting] === 'off') {
      throw new ShopNotConfiguredError(`selling is off: set ${setting} (and restart pc2-shop)`, { details: { setting } })
    }
  }
  if (shop.chain === undefined || shop.sender === undefined) throw new ShopNotConfiguredError('selling is off', { details: { setting: null } })
  return shop as EnabledShop
}

/** Unix seconds on the chain's clock (the head block), or the local clock before the first poll. */
export function chainNow (shop: ShopContext): number {
  return shop.runtime.chainTime ?? Math.floor(Date.now() / 1000)
}

export function requireWallet (shop: ShopContext): Address {
  if (shop.runtime.wallet === undefined) {
    throw new ShopNotConfiguredError('the node has no wallet yet: create it with POST /wallet and fund it', { details: { setting: null } })
  }
  return shop.runtime.wallet
}
