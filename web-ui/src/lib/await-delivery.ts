// After paying: wait for the seller's node to deliver the file key. The node's public
// purchase record (GET /api/storefront/purchases/<id>) is asked twice a second; it has the
// sealed key as soon as the node sent it. The chain, through the buyer's wallet, is asked
// every few seconds and whenever the deadline may have passed, so a node that is down
// neither hides a delivery (the Delivered event carries the key too) nor keeps a buyer
// from the refund the contract owes them once the chain's clock passes the deadline.

import type { PublicPurchase } from '@pc2/core'

export interface ChainView {
  state: 'none' | 'pending' | 'delivered' | 'refunded'
  /** Pending and the chain's clock is at or past the deadline: `refund` would succeed. */
  overdue: boolean
  deadline: number
}

export type DeliveryOutcome =
  | { outcome: 'delivered', sealedKey: string }
  | { outcome: 'overdue', deadline: number }
  | { outcome: 'refunded' }

export interface AwaitDeliveryOptions {
  purchaseId: string
  /** Unix seconds, when known. */
  deadline: number | undefined
  /** The node's record; throws while the node does not answer (or has not seen the purchase yet). */
  fetchPurchase: (purchaseId: string, signal: AbortSignal | undefined) => Promise<PublicPurchase>
  /** The purchase as the contract has it. */
  readChain: () => Promise<ChainView>
  /** The sealed key of the purchase's Delivered event, if the chain has one. */
  readDeliveredKey: () => Promise<string | undefined>
  /** Each answer (or silence) of the node, for the page to show. */
  onWaiting?: (update: { nodeReachable: boolean, deadline: number | undefined }) => void
  signal?: AbortSignal
  pollMs?: number
  chainCheckMs?: number
  now?: () => number
  wait?: (ms: number, signal: AbortSignal | undefined) => Promise<void>
}

/** Near or past the deadline the chain is asked more often, but not at every poll. */
const urgentChainCheckMs = 1000

/** A 404 means the node has not seen the purchase's block yet: it answers, it is just behind. */
function nodeAnswered (error: unknown): boolean {
  return (error as { status?: unknown } | undefined)?.status === 404
}

export async function awaitDelivery (options: AwaitDeliveryOptions): Promise<DeliveryOutcome> {
  const { purchaseId, signal } = options
  const pollMs = options.pollMs ?? 500
  const chainCheckMs = options.chainCheckMs ?? 5000
  const now = options.now ?? Date.now
  const wait = options.wait ?? sleep
  let deadline = options.deadline
  let lastChainCheck = now()

  for (;;) {
    signal?.throwIfAborted()
    let askChain = false
    try {
      const purchase = await options.fetchPurchase(purchaseId, signal)
      deadline = purchase.deadline
      if (purchase.sealedKey !== null) return { outcome: 'delivered', sealedKey: purchase.sealedKey }
      if (purchase.state === 'refunded') return { outcome: 'refunded' }
      // The node thinks the deadline passed: let the chain, which decides, say so.
      askChain = purchase.state === 'expired'
      options.onWaiting?.({ nodeReachable: true, deadline })
    } catch (error) {
      signal?.throwIfAborted()
      options.onWaiting?.({ nodeReachable: nodeAnswered(error), deadline })
    }
    if (deadline !== undefined && now() >= deadline * 1000) askChain = true
    const sinceChainCheck = now() - lastChainCheck
    if ((askChain && sinceChainCheck >= urgentChainCheckMs) || sinceChainCheck >= chainCheckMs) {
      lastChainCheck = now()
      try {
        const chain = await options.readChain()
        deadline = chain.deadline
        if (chain.state === 'delivered') {
          const sealedKey = await options.readDeliveredKey()
          if (sealedKey !== undefined) return { outcome: 'delivered', sealedKey }
        }
        if (chain.state === 'refunded') return { outcome: 'refunded' }
        if (chain.overdue) return { outcome: 'overdue', deadline: chain.deadline }
      } catch (error) {
        // The wallet's node hiccuped: the node's record and the next check still count.
        signal?.throwIfAborted()
        if ((error as Error | undefined)?.name === 'WalletRejectedError') throw error
      }
    }
    await wait(pollMs, signal)
  }
}

async function sleep (ms: number, signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve() }, ms)
    const onAbort = (): void => { clearTimeout(timer); reject(signal?.reason) }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
