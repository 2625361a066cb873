// A purchase as the chain has it (getPurchase), and the block it was made in: what `pc2 buy
// --purchase` resumes from, and what `pc2 refund` checks before it spends gas.

import type { Address, Hash } from 'viem'
import { PurchaseNotFoundError } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { onChain } from './chain.ts'
import type { ChainConnection } from './chain.ts'

export type PurchaseStateName = 'pending' | 'delivered' | 'refunded'

export interface ChainPurchase {
  purchaseId: bigint
  listingId: bigint
  buyer: Address
  /** Undefined for native ETH. */
  token: Address | undefined
  amount: bigint
  deadline: bigint
  state: PurchaseStateName
}

const stateNames = [undefined, 'pending', 'delivered', 'refunded'] as const

export async function readPurchase (chain: ChainConnection, contract: Address, purchaseId: bigint): Promise<ChainPurchase> {
  const purchase = await onChain(chain.rpcUrl, `reading purchase ${purchaseId}`, async () =>
    await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'getPurchase', args: [purchaseId] }))
  const state = stateNames[purchase.state]
  if (state === undefined) throw new PurchaseNotFoundError(`contract ${contract} on chain ${chain.chainId} has no purchase ${purchaseId}`, { details: { purchaseId: String(purchaseId) } })
  return {
    purchaseId,
    listingId: purchase.listingId,
    buyer: purchase.buyer,
    token: /^0x0{40}$/.test(purchase.token) ? undefined : purchase.token,
    amount: purchase.amount,
    deadline: purchase.deadline,
    state
  }
}

/** The purchase's Purchased event: its transaction, and its block (deliveries come after it). */
export async function findPurchaseEvent (chain: ChainConnection, contract: Address, purchaseId: bigint): Promise<{ block: bigint, transaction: Hash }> {
  const logs = await onChain(chain.rpcUrl, `finding purchase ${purchaseId}`, async () =>
    await chain.publicClient.getContractEvents({ address: contract, abi: fileShopAbi, eventName: 'Purchased', args: { purchaseId }, fromBlock: 'earliest' }))
  const log = logs[0]
  if (log?.blockNumber == null || log.transactionHash == null) throw new PurchaseNotFoundError(`no Purchased event for purchase ${purchaseId} on chain ${chain.chainId}`, { details: { purchaseId: String(purchaseId) } })
  return { block: log.blockNumber, transaction: log.transactionHash }
}

/** The latest block's timestamp: the chain's own "now", which deadlines are measured in. */
export async function chainNow (chain: ChainConnection): Promise<{ number: bigint, timestamp: bigint }> {
  const block = await onChain(chain.rpcUrl, 'reading the latest block', async () => await chain.publicClient.getBlock({ blockTag: 'latest' }))
  return { number: block.number, timestamp: block.timestamp }
}
