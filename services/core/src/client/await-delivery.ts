// After paying: wait for the seller's node to deliver the file key, the same for the
// storefront page and `pc2 buy`. Two witnesses, asked at their own pace:
// - the node's public purchase record (GET /api/storefront/purchases/<id>), where there is
//   one to ask: it has the sealed key as soon as the node sent it (the page asks it twice a
//   second; the CLI trusts only the chain and asks no node);
// - the chain, every few seconds, and every second once this device's clock says the
//   deadline passed or the node says "expired". A node that is down neither hides a
//   delivery (the Delivered event carries the key too) nor keeps a buyer from the refund the
//   contract owes them. Only the chain's clock decides that the deadline passed: a delivery
//   lands strictly before it, so a purchase still pending at a block at or past the
//   deadline will never be delivered.
// A chain read that fails (the RPC or the wallet's node hiccuped) does not end the wait
// unless the caller says the failure is final (the wallet refused).

import type { PublicPurchase } from '../shop-api.ts'
import { sleep } from './sleep.ts'
import type { Sleep } from './sleep.ts'

export interface ChainView {
  state: 'none' | 'pending' | 'delivered' | 'refunded'
  /** Pending and the chain's clock is at or past the deadline: `refund` would succeed. */
  overdue: boolean
  /** Unix seconds, chain time. */
  deadline: number
}

/** The purchase's Delivered event: the key sealed to the buyer, and its transaction where known. */
export interface ChainDelivery {
  sealedKey: string
  transaction?: string
}

export type DeliveryOutcome =
  | { outcome: 'delivered', sealedKey: string, transaction?: string }
  | { outcome: 'overdue', deadline: number }
  | { outcome: 'refunded' }

export interface AwaitDeliveryOptions {
  purchaseId: string
  /** Unix seconds, when known. */
  deadline: number | undefined
  /** The node's record; throws while the node does not answer (or has not seen the purchase yet). Absent: only the chain is watched. */
  fetchPurchase?: (purchaseId: string, signal: AbortSignal | undefined) => Promise<PublicPurchase>
  /** The purchase as the contract has it, judged by the chain's clock (read the clock first, then the state). */
  readChain: (signal: AbortSignal | undefined) => Promise<ChainView>
  /** The purchase's Delivered event, if the chain has one. */
  readDelivery: (signal: AbortSignal | undefined) => Promise<ChainDelivery | undefined>
  /** A chain failure that ends the wait (e.g. the wallet refused); others are retried. */
  isFinalChainError?: (error: unknown) => boolean
  /** Each answer (or silence) of the node, for the page to show. */
  onWaiting?: (update: { nodeReachable: boolean, deadline: number | undefined }) => void
  /** Each failed chain read that the wait goes on through. */
  onChainError?: (error: unknown) => void
  signal?: AbortSignal
  /** How often the node is asked (or, without a node, the loop turns). */
  pollMs?: number
  /** How often the chain is asked when nothing is urgent. */
  chainCheckMs?: number
  now?: () => number
  wait?: Sleep
}

/** Near or past the deadline the chain is asked more often, but not at every poll. */
const urgentChainCheckMs = 1000

/** A 404 means the node has not seen the purchase's block yet: it answers, it is just behind. */
function nodeAnswered (error: unknown): boolean {
  return (error as { status?: unknown } | undefined)?.status === 404
}

export async function awaitDelivery (options: AwaitDeliveryOptions): Promise<DeliveryOutcome> {
  const { purchaseId, signal, fetchPurchase } = options
  const pollMs = options.pollMs ?? 500
  const chainCheckMs = options.chainCheckMs ?? 5000
  const now = options.now ?? Date.now
  const wait = options.wait ?? sleep
  let deadline = options.deadline
  let lastChainCheck = now()

  for (;;) {
    signal?.throwIfAborted()
    let askChain = false
    if (fetchPurchase !== undefined) {
      try {
        const purchase = await fetchPurchase(purchaseId, signal)
        deadline = purchase.deadline
        if (purchase.sealedKey !== null) {
          return { outcome: 'delivered', sealedKey: purchase.sealedKey, ...(purchase.deliveryTransaction === null ? {} : { transaction: purchase.deliveryTransaction }) }
        }
        if (purchase.state === 'refunded') return { outcome: 'refunded' }
        // The node thinks the deadline passed: let the chain, which decides, say so.
        askChain = purchase.state === 'expired'
        options.onWaiting?.({ nodeReachable: true, deadline })
      } catch (error) {
        signal?.throwIfAborted()
        options.onWaiting?.({ nodeReachable: nodeAnswered(error), deadline })
      }
    }
    if (deadline !== undefined && now() >= deadline * 1000) askChain = true
    const sinceChainCheck = now() - lastChainCheck
    if ((askChain && sinceChainCheck >= urgentChainCheckMs) || sinceChainCheck >= chainCheckMs) {
      lastChainCheck = now()
      try {
        const chain = await options.readChain(signal)
        deadline = chain.deadline
        if (chain.state === 'delivered') {
          const delivery = await options.readDelivery(signal)
          if (delivery !== undefined) return { outcome: 'delivered', ...delivery }
        }
        if (chain.state === 'refunded') return { outcome: 'refunded' }
        if (chain.overdue) return { outcome: 'overdue', deadline: chain.deadline }
      } catch (error) {
        signal?.throwIfAborted()
        if (options.isFinalChainError?.(error) === true) throw error
        options.onChainError?.(error)
      }
    }
    await wait(pollMs, signal)
  }
}
