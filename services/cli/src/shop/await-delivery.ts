// `pc2 buy`'s wait for the seller's node to deliver: @pc2/core's purchase wait, with the
// buyer's own RPC as its one witness (the seller's node is never asked what the chain
// says). Each turn reads the chain's clock, then the purchase: a purchase still pending at
// or past its deadline by the chain's clock will never be delivered (deliver must land
// strictly before it), and the buyer can take the money back. An RPC that stops answering
// is waited for, and said so once; any other failure ends the wait.

import { hexToBytes } from 'viem'
import type { Address, Hash, Hex } from 'viem'
import type { AbortOptions } from '@pc2/core'
import { ChainUnavailableError } from '@pc2/core'
import { awaitDelivery as awaitPurchaseDelivery } from '@pc2/core/client/await-delivery'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { DeliveryDeadlinePassedError } from '../errors.ts'
import { onChain } from './chain.ts'
import type { ChainConnection } from './chain.ts'
import { formatDeadline } from './deadline.ts'
import { chainNow, readPurchase } from './purchase.ts'

export interface AwaitDeliveryInit {
  contract: Address
  purchaseId: bigint
  deadline: bigint
  /** The purchase's block: its delivery comes after it. */
  fromBlock: bigint
  /** What to tell the buyer when the deadline passes: the refund command line. */
  refundHint: string
  pollIntervalMs: number
  /** One line on stderr. */
  report: (line: string) => void
}

export interface Delivery {
  sealedKey: Uint8Array
  transaction: Hash
}

export async function awaitDelivery (chain: ChainConnection, init: AwaitDeliveryInit, options: AbortOptions = {}): Promise<Delivery> {
  const { purchaseId } = init
  let chainTime = 0n
  let rpcDown = false
  const outcome = await awaitPurchaseDelivery({
    purchaseId: String(purchaseId),
    deadline: Number(init.deadline),
    readChain: async () => {
      const now = await chainNow(chain)
      const purchase = await readPurchase(chain, init.contract, purchaseId)
      chainTime = now.timestamp
      if (rpcDown) init.report(`${chain.rpcUrl} answers again`)
      rpcDown = false
      return { state: purchase.state, overdue: purchase.state === 'pending' && now.timestamp >= purchase.deadline, deadline: Number(purchase.deadline) }
    },
    readDelivery: async () => {
      const logs = await onChain(chain.rpcUrl, `looking for the delivery of purchase ${purchaseId}`, async () =>
        await chain.publicClient.getContractEvents({ address: init.contract, abi: fileShopAbi, eventName: 'Delivered', args: { purchaseId }, fromBlock: init.fromBlock }))
      const delivered = logs[0]
      return delivered === undefined ? undefined : { sealedKey: delivered.args.sealedKey ?? '0x', transaction: delivered.transactionHash }
    },
    isFinalChainError: (error) => !(error instanceof ChainUnavailableError),
    onChainError: (error) => {
      if (!rpcDown) init.report(`${(error as Error).message}; still waiting`)
      rpcDown = true
    },
    pollMs: init.pollIntervalMs,
    // No node to ask in between: the chain is asked at every turn.
    chainCheckMs: 0,
    signal: options.signal
  })
  if (outcome.outcome === 'delivered') return { sealedKey: hexToBytes(outcome.sealedKey as Hex), transaction: (outcome.transaction ?? '0x') as Hash }
  if (outcome.outcome === 'refunded') {
    throw new DeliveryDeadlinePassedError(`purchase ${purchaseId} was not delivered in time and has been refunded`, { details: { purchaseId: String(purchaseId) } })
  }
  throw new DeliveryDeadlinePassedError(`the seller's node did not deliver purchase ${purchaseId} before its deadline (${formatDeadline(BigInt(outcome.deadline), chainTime)}); get your money back with: ${init.refundHint}`, {
    details: { purchaseId: String(purchaseId), deadline: outcome.deadline }
  })
}
