// An owner's change on chain: send through the one sender, then wait for the receipt, so
// the reply tells the truth about what the chain holds.

import type { TransactionReceipt } from 'viem'
import { ChainTransactionRevertedError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import type { ShopCall } from '../chain/sender.ts'
import type { EnabledShop } from '../context.ts'
import type { OutboxRecord } from '../store/records.ts'

export const receiptTimeoutMs = 120_000

export async function sendAndWait (shop: EnabledShop, call: ShopCall, purpose: OutboxRecord['purpose'], options: AbortOptions = {}): Promise<TransactionReceipt> {
  const sent = await shop.sender.send(call, purpose, options)
  const pollingInterval = Math.min(shop.settings['shop.pollInterval'], 1000)
  const receipt = await shop.chain.call(async (client) => await client.waitForTransactionReceipt({ hash: sent.hash, pollingInterval, timeout: receiptTimeoutMs }), options)
  if (receipt.status !== 'success') {
    throw new ChainTransactionRevertedError(`transaction ${sent.hash} was mined but reverted`, { details: { reason: 'unknown', args: [], transactionHash: sent.hash } })
  }
  shop.logger.info('transaction mined', { call: call.functionName, hash: sent.hash, block: Number(receipt.blockNumber) })
  return receipt
}
