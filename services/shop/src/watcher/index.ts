// The watcher: one look at the chain per shop.pollInterval, in an order that makes every
// step safe to repeat after a crash at any point:
//   1. the head block (and its clock, which deadlines are measured on);
//   2. the outbox reconciled (mined, buried, or broadcast again);
//   3. the logs from the cursor to the head folded into the records, then the cursor moved;
//   4. pending purchases delivered.
// The cursor stores the hash of its block: when the chain no longer has that block, a reorg
// happened, and the last `rescanDepth` blocks are read again (purchases and deliveries in
// them go back to what the rescan finds).

import { setTimeout as sleep } from 'node:timers/promises'
import type { AbortOptions } from '@pc2/core'
import type { EnabledShop } from '../context.ts'
import type { CursorStore } from '../store/cursor.ts'
import { deliverPending } from './deliver.ts'
import { scanBlocks, scanState } from './scan.ts'
import type { ScanState } from './scan.ts'

/** Blocks read again after a reorg is noticed; deeper reorgs are not expected on any chain we serve. */
export const rescanDepth = 64

export interface WatcherComponents {
  cursor: CursorStore
}

export interface Watcher {
  /** One look at the chain (the loop calls it; tests call it directly). */
  poll (options?: AbortOptions): Promise<void>
  /** Polls until `signal` aborts; failures are recorded in runtime.lastError and retried. */
  run (signal: AbortSignal): Promise<void>
}

export function watcher (shop: EnabledShop, { cursor }: WatcherComponents): Watcher {
  const state: ScanState = scanState()

  const poll = async (options: AbortOptions = {}): Promise<void> => {
    const { chain, runtime } = shop
    if (runtime.wallet === undefined) runtime.wallet = (await shop.vault.getWallet(options))?.address
    runtime.chainId = await chain.chainId(options)
    const latest = await chain.call(async (client) => await client.getBlock({ blockTag: 'latest' }), options)
    const head = Number(latest.number)
    runtime.head = head
    runtime.chainTime = Number(latest.timestamp)
    await shop.sender.reconcile(head, options)
    if (runtime.wallet === undefined) return // nothing can be ours before the wallet exists

    const from = await startBlock(shop, cursor, head, options)
    if (from <= head) await scanBlocks(shop, state, BigInt(from), BigInt(head), options)
    await cursor.set({ blockNumber: head, blockHash: latest.hash }, options)
    runtime.cursor = head
    await deliverPending(shop, head, options)
  }

  return {
    poll,
    run: async (signal) => {
      let lastFailure = ''
      while (!signal.aborted) {
        try {
          await poll({ signal })
          if (lastFailure !== '') shop.logger.info('chain reachable again', { rpcUrl: shop.chain.rpcUrl })
          lastFailure = ''
          shop.runtime.lastError = null
        } catch (error) {
          if (signal.aborted) break
          const { name, message } = error as Error
          shop.runtime.lastError = { name, message, at: new Date().toISOString() }
          // Said once per kind of failure, not at every poll while the RPC is down.
          if (`${name}: ${message}` !== lastFailure) shop.logger.warning('watching the chain failed; retrying', { error: name, reason: message })
          lastFailure = `${name}: ${message}`
        }
        await sleep(shop.settings['shop.pollInterval'], undefined, { signal }).catch(() => {})
      }
    }
  }
}

/** The first block to read: after the cursor, or earlier when the cursor's block is gone. */
async function startBlock (shop: EnabledShop, cursor: CursorStore, head: number, options: AbortOptions): Promise<number> {
  const saved = cursor.get()
  if (saved === undefined) {
    // First start with selling on: purchases can only follow this node's own listings.
    const created = shop.listings.values().map((listing) => listing.createdBlock)
    return created.length === 0 ? head : Math.min(...created)
  }
  const at = Math.min(saved.blockNumber, head)
  const block = await shop.chain.call(async (client) => await client.getBlock({ blockNumber: BigInt(at) }).catch(() => undefined), options)
  if (block !== undefined && block.hash === saved.blockHash && at === saved.blockNumber) return saved.blockNumber + 1
  const from = Math.max(0, at - rescanDepth + 1)
  shop.logger.warning('the chain reorganised; reading its last blocks again', { cursor: saved.blockNumber, head, from })
  await forgetFrom(shop, from)
  return from
}

/** Sends purchases and deliveries in blocks ≥ `from` back to pending, for the rescan to re-find. */
async function forgetFrom (shop: EnabledShop, from: number): Promise<void> {
  for (const record of shop.purchases.values()) {
    const purchaseGone = record.purchaseBlock >= from
    const deliveryGone = record.delivery !== null && record.delivery.block >= from
    if (!purchaseGone && !deliveryGone) continue
    // A refund is not dated in the record: the delivery step asks the chain about it again.
    await shop.purchases.save(record.purchaseId, {
      ...record,
      state: 'pending',
      delivery: null,
      refundTransaction: null,
      // A Purchased log read again must be applied, not skipped as already seen.
      purchaseTransaction: purchaseGone ? '0x' : record.purchaseTransaction
    })
  }
}
