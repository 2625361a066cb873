// Waiting for the seller's node to deliver: polls the contract's Delivered event for this
// purchase, block range by block range. The deadline is chain time: once the latest block
// is at or past it and no delivery came in any block up to it, none can come any more
// (deliver must land strictly before the deadline), and the buyer can take the money back.

import { hexToBytes } from 'viem'
import type { Address, Hash } from 'viem'
import type { AbortOptions } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { setTimeout as sleep } from 'node:timers/promises'
import { DeliveryDeadlinePassedError } from '../errors.ts'
import { onChain } from './chain.ts'
import type { ChainConnection } from './chain.ts'
import { formatDeadline } from './deadline.ts'
import { chainNow } from './purchase.ts'

export interface AwaitDeliveryInit {
  contract: Address
  purchaseId: bigint
  deadline: bigint
  fromBlock: bigint
  /** What to tell the buyer when the deadline passes: the refund command line. */
  refundHint: string
  pollIntervalMs: number
}

export interface Delivery {
  sealedKey: Uint8Array
  transaction: Hash
}

export async function awaitDelivery (chain: ChainConnection, init: AwaitDeliveryInit, options: AbortOptions = {}): Promise<Delivery> {
  let fromBlock = init.fromBlock
  for (;;) {
    options.signal?.throwIfAborted()
    const now = await chainNow(chain)
    if (now.number >= fromBlock) {
      const logs = await onChain(chain.rpcUrl, `looking for the delivery of purchase ${init.purchaseId}`, async () =>
        await chain.publicClient.getContractEvents({ address: init.contract, abi: fileShopAbi, eventName: 'Delivered', args: { purchaseId: init.purchaseId }, fromBlock, toBlock: now.number }))
      const delivered = logs[0]
      if (delivered !== undefined) return { sealedKey: hexToBytes(delivered.args.sealedKey ?? '0x'), transaction: delivered.transactionHash }
      fromBlock = now.number + 1n
    }
    if (now.timestamp >= init.deadline) {
      throw new DeliveryDeadlinePassedError(`the seller's node did not deliver purchase ${init.purchaseId} before its deadline (${formatDeadline(init.deadline, now.timestamp)}); get your money back with: ${init.refundHint}`, {
        details: { purchaseId: String(init.purchaseId), deadline: Number(init.deadline) }
      })
    }
    await sleep(init.pollIntervalMs, undefined, { signal: options.signal })
  }
}
