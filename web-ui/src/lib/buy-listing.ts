// A purchase from the buyer's side, up to the purchase id: connect the wallet, be on the
// shop's chain, make the buyer key (a signature), check that the contract sells what the
// storefront shows, pay (approve first for an ERC-20), and read the purchase id from the
// receipt. Then refunds, for a purchase the seller's node did not deliver in time.

import type { PublicListing } from '@pc2/core'
import type { ChainDelivery } from '@pc2/core/client/await-delivery'
import { deriveBuyerKeyPair } from './buyer-keys.ts'
import type { BuyerKeyPair } from './buyer-keys.ts'
import { formatAmount } from './amounts.ts'
import { balanceOf, chainTime, ensureChain, ethCall, getLogs, InsufficientFundsError, sendTransaction, waitForReceipt } from './chain-wallet.ts'
import {
  bytesToHex, decodeGetListing, decodeGetPurchase, decodeUint, deliveredTopics, encodeApprove, encodeBalanceOf, encodeBuy, encodeGetListing, encodeGetPurchase,
  encodeRefund, purchaseFromLogs, sealedKeyFromDeliveredLog
} from './fileshop-calls.ts'
import type { ChainPurchase } from './fileshop-calls.ts'
import type { PurchasePhase } from './purchase-steps.ts'
import { requestAccount } from './wallet.ts'
import type { Eip1193Provider } from './wallet.ts'

export class ListingChangedError extends Error {
  override name = 'ListingChangedError'
}

/** A purchase to resume that the wallet's account did not make (or of another listing). */
export class NotYourPurchaseError extends Error {
  override name = 'NotYourPurchaseError'
}

export interface BuyOptions {
  provider: Eip1193Provider
  listing: PublicListing
  promoter: string | undefined
  onPhase: (phase: PurchasePhase) => void
  signal?: AbortSignal
}

export interface Bought {
  purchaseId: string
  buyer: string
  keyPair: BuyerKeyPair
  /** Unix seconds, the chain's clock: the seller's node must deliver before it. */
  deadline: number
  /** The payment's hash; unknown for a resumed purchase. */
  transaction: string | undefined
}

export async function buyListing ({ provider, listing, promoter, onPhase, signal }: BuyOptions): Promise<Bought> {
  onPhase({ phase: 'connecting' })
  const buyer = await requestAccount(provider)
  await ensureChain(provider, listing.chainId)
  onPhase({ phase: 'signing' })
  const keyPair = await deriveBuyerKeyPair(provider, buyer, { chainId: listing.chainId, contract: listing.contract })
  onPhase({ phase: 'checking' })
  const onChain = decodeGetListing(await ethCall(provider, listing.contract, encodeGetListing(listing.listingId)))
  if (onChain.status !== 'active') throw new ListingChangedError('This file is not for sale right now (the seller paused or withdrew it).')
  if (onChain.price !== BigInt(listing.price)) throw new ListingChangedError('The price on the chain differs from the one shown here. Reload the page to see the current price.')
  if (onChain.cid !== listing.cid || onChain.keyCommitment.toLowerCase() !== listing.keyCommitment.toLowerCase()) {
    throw new ListingChangedError('The file on the chain differs from the one this page describes; nothing was paid.')
  }
  await checkFunds(provider, listing, buyer, onChain.price)
  if (listing.token !== null) {
    onPhase({ phase: 'approving' })
    const approval = await sendTransaction(provider, { from: buyer, to: listing.token, data: encodeApprove(listing.contract, onChain.price) })
    await waitForReceipt(provider, approval, { ...(signal === undefined ? {} : { signal }) })
  }
  onPhase({ phase: 'paying' })
  const transaction = await sendTransaction(provider, {
    from: buyer,
    to: listing.contract,
    data: encodeBuy(listing.listingId, promoter, keyPair.publicKey),
    ...(listing.token === null ? { value: onChain.price } : {})
  })
  onPhase({ phase: 'paying', transaction })
  const receipt = await waitForReceipt(provider, transaction, { ...(signal === undefined ? {} : { signal }) })
  const purchase = purchaseFromLogs(receipt.logs, listing.contract)
  if (purchase === undefined) throw new ListingChangedError(`The payment went through but its receipt names no purchase. Keep the transaction hash: ${transaction}`)
  return { ...purchase, buyer, keyPair, transaction }
}

/** Refuses before the wallet even asks, when the balance cannot cover the price. */
async function checkFunds (provider: Eip1193Provider, listing: PublicListing, buyer: string, price: bigint): Promise<void> {
  const balance = listing.token === null
    ? await balanceOf(provider, buyer)
    : decodeUint(await ethCall(provider, listing.token, encodeBalanceOf(buyer)))
  if (balance < price) {
    throw new InsufficientFundsError(`Your wallet has ${formatAmount(balance, listing.decimals, listing.currency)}; this file costs ${formatAmount(price, listing.decimals, listing.currency)}${listing.token === null ? ' plus a small network fee' : ''}. Nothing was paid.`)
  }
}

/** The contract's Delivered event (the sealed key, its transaction), for when the seller's node cannot be asked. */
export async function deliveryOnChain (provider: Eip1193Provider, contract: string, purchaseId: string): Promise<ChainDelivery | undefined> {
  const [log] = await getLogs(provider, { address: contract, topics: deliveredTopics(purchaseId) })
  if (log === undefined) return undefined
  return { sealedKey: sealedKeyFromDeliveredLog(log), ...(log.transactionHash === undefined ? {} : { transaction: log.transactionHash }) }
}

export interface ResumeOptions {
  provider: Eip1193Provider
  listing: PublicListing
  purchaseId: string
  onPhase: (phase: PurchasePhase) => void
}

/**
 * Picks up a paid purchase (after a reload): the same account, the same chain, the same
 * signature, hence the same buyer key, which must be the one the purchase names.
 */
export async function resumePurchase ({ provider, listing, purchaseId, onPhase }: ResumeOptions): Promise<Bought> {
  onPhase({ phase: 'connecting' })
  const buyer = await requestAccount(provider)
  await ensureChain(provider, listing.chainId)
  const { purchase } = await purchaseOnChain(provider, listing.contract, purchaseId)
  if (purchase.state === 'none') throw new NotYourPurchaseError(`The chain has no purchase ${purchaseId}.`)
  if (purchase.listingId !== BigInt(listing.listingId)) throw new NotYourPurchaseError(`Purchase ${purchaseId} is of another listing.`)
  if (purchase.buyer.toLowerCase() !== buyer.toLowerCase()) {
    throw new NotYourPurchaseError(`Purchase ${purchaseId} was paid by ${purchase.buyer}, but your wallet shares ${buyer}.`)
  }
  onPhase({ phase: 'signing' })
  const keyPair = await deriveBuyerKeyPair(provider, buyer, { chainId: listing.chainId, contract: listing.contract })
  if (bytesToHex(keyPair.publicKey) !== purchase.buyerPublicKey.toLowerCase()) {
    throw new NotYourPurchaseError(`Purchase ${purchaseId} names another buyer key than your wallet's signature makes; was it bought with another wallet app?`)
  }
  return { purchaseId, buyer, keyPair, deadline: purchase.deadline, transaction: undefined }
}

/** The purchase as the contract has it, and whether its deadline has passed by the chain's clock. */
export async function purchaseOnChain (provider: Eip1193Provider, contract: string, purchaseId: string): Promise<{ purchase: ChainPurchase, overdue: boolean }> {
  // The clock first: a purchase still pending at a block read after it cannot have been
  // delivered before the deadline (the other order could miss a delivery in between).
  const now = await chainTime(provider)
  const purchase = decodeGetPurchase(await ethCall(provider, contract, encodeGetPurchase(purchaseId)))
  return { purchase, overdue: purchase.state === 'pending' && now >= purchase.deadline }
}

export async function refundPurchase (provider: Eip1193Provider, listing: PublicListing, purchaseId: string, signal?: AbortSignal): Promise<string> {
  const from = await requestAccount(provider)
  await ensureChain(provider, listing.chainId)
  const transaction = await sendTransaction(provider, { from, to: listing.contract, data: encodeRefund(purchaseId) })
  await waitForReceipt(provider, transaction, { ...(signal === undefined ? {} : { signal }) })
  return transaction
}
