// Paying for a listing: the exact on-chain price into the contract's escrow with `buy`,
// naming the promoter (or nobody) and the buyer's X25519 public key. An ERC-20 listing is
// paid by `transferFrom`, so the contract is first approved for exactly the price, no more.

import { bytesToHex, erc20Abi, formatUnits, parseEventLogs, zeroAddress } from 'viem'
import type { Address, Hash } from 'viem'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { InsufficientFundsError } from '../errors.ts'
import { onChain } from './chain.ts'
import type { ChainConnection } from './chain.ts'
import type { ChainListing } from './on-chain-listing.ts'
import { sendTransaction } from './send-transaction.ts'

export interface PayInit {
  listing: ChainListing
  promoter: Address | undefined
  buyerPublicKey: Uint8Array
  /** For messages: 'ETH' or the token's symbol, and its decimals. */
  currency: string
  decimals: number
}

export interface Payment {
  purchaseId: bigint
  /** Unix seconds; the seller must deliver strictly before. */
  deadline: bigint
  /** Where to start looking for the delivery. */
  block: bigint
  transaction: Hash
  approveTransaction: Hash | undefined
}

export async function pay (chain: ChainConnection, init: PayInit, report: (line: string) => void): Promise<Payment> {
  const { listing } = init
  const buyer = chain.account.address
  const amount = `${formatUnits(listing.price, init.decimals)} ${init.currency}`
  const balance = await onChain(chain.rpcUrl, 'reading your balance', async () => listing.token === undefined
    ? await chain.publicClient.getBalance({ address: buyer })
    : await chain.publicClient.readContract({ address: listing.token, abi: erc20Abi, functionName: 'balanceOf', args: [buyer] }))
  if (balance < listing.price) {
    throw new InsufficientFundsError(`${buyer} holds ${formatUnits(balance, init.decimals)} ${init.currency}; listing ${listing.listingId} costs ${amount}${listing.token === undefined ? ' plus gas' : ''}`, {
      details: { address: buyer, balance: String(balance), price: String(listing.price) }
    })
  }

  let approveTransaction: Hash | undefined
  if (listing.token !== undefined) {
    const approval = await sendTransaction(chain, `approving ${amount} for the shop`, {
      address: listing.token,
      abi: erc20Abi,
      functionName: 'approve',
      args: [listing.contract, listing.price]
    }, (hash) => { report(`approving ${amount} for contract ${listing.contract} (transaction ${hash})`) })
    approveTransaction = approval.hash
  }

  const { hash, receipt } = await sendTransaction(chain, `buying listing ${listing.listingId}`, {
    address: listing.contract,
    abi: fileShopAbi,
    functionName: 'buy',
    args: [listing.listingId, init.promoter ?? zeroAddress, bytesToHex(init.buyerPublicKey)],
    value: listing.token === undefined ? listing.price : 0n
  }, (sent) => { report(`paying ${amount} into the shop's escrow (transaction ${sent})`) })
  const purchased = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Purchased' })
    .find((log) => log.address.toLowerCase() === listing.contract.toLowerCase())
  if (purchased === undefined) throw new Error(`transaction ${hash} succeeded but logged no Purchased event`)
  return { purchaseId: purchased.args.purchaseId, deadline: purchased.args.deadline, block: receipt.blockNumber, transaction: hash, approveTransaction }
}
