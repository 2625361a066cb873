// `pc2 refund`'s work: a purchase the seller's node did not deliver before its deadline is
// paid back to its buyer. Refused, without spending gas, before the deadline (the node may
// still deliver) and once the purchase is delivered or refunded.

import { erc20Abi, formatUnits, parseEventLogs } from 'viem'
import type { Address, Hash } from 'viem'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { RefundNotPossibleError } from '../errors.ts'
import type { PrivateKey } from '../node/owner-key.ts'
import { connectChain, onChain } from './chain.ts'
import type { ChainConnection } from './chain.ts'
import { formatDeadline } from './deadline.ts'
import { chainNow, readPurchase } from './purchase.ts'
import { sendTransaction } from './send-transaction.ts'

export interface RefundInit {
  purchaseId: bigint
  rpcUrl: string
  contract: Address
  privateKey: PrivateKey
}

export interface RefundResult {
  buyer: Address
  amount: bigint
  /** The amount with its unit, e.g. `0.01 ETH`. */
  formatted: string
  transaction: Hash
}

export async function refundPurchase (init: RefundInit, report: (line: string) => void): Promise<RefundResult> {
  report(`connecting to ${init.rpcUrl}`)
  const chain = await connectChain(init.rpcUrl, init.privateKey)
  const purchase = await readPurchase(chain, init.contract, init.purchaseId)
  if (purchase.state !== 'pending') {
    throw new RefundNotPossibleError(`purchase ${init.purchaseId} was ${purchase.state === 'delivered' ? 'delivered; there is nothing to refund' : 'refunded already'}`, {
      details: { purchaseId: String(init.purchaseId), state: purchase.state }
    })
  }
  const now = await chainNow(chain)
  if (now.timestamp < purchase.deadline) {
    throw new RefundNotPossibleError(`purchase ${init.purchaseId} can be refunded from ${formatDeadline(purchase.deadline, now.timestamp)}; until then the seller's node may still deliver`, {
      details: { purchaseId: String(init.purchaseId), deadline: Number(purchase.deadline) }
    })
  }
  const { hash, receipt } = await sendTransaction(chain, `refunding purchase ${init.purchaseId}`, {
    address: init.contract,
    abi: fileShopAbi,
    functionName: 'refund',
    args: [init.purchaseId]
  }, (sent) => { report(`refunding purchase ${init.purchaseId} (transaction ${sent})`) })
  const refunded = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Refunded' })
    .find((log) => log.address.toLowerCase() === init.contract.toLowerCase())
  const amount = refunded?.args.amount ?? purchase.amount
  const buyer = refunded?.args.buyer ?? purchase.buyer
  return { buyer, amount, formatted: await formatAmount(chain, purchase.token, amount), transaction: hash }
}

async function formatAmount (chain: ChainConnection, token: Address | undefined, amount: bigint): Promise<string> {
  if (token === undefined) return `${formatUnits(amount, 18)} ETH`
  const [symbol, decimals] = await onChain(chain.rpcUrl, 'reading the token', async () => await Promise.all([
    chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }),
    chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' })
  ]))
  return `${formatUnits(amount, decimals)} ${symbol}`
}
