// Reads the contract's logs from the cursor to the head and folds them into the records.
// The logs only say what changed; each record is what the chain said in the log, so a
// block read twice (after a crash, or a rescan after a reorg) writes the same record again.
// A purchase is ours when its listing's seller is this node's wallet, asked of the chain
// (and remembered): a buy mined while createListing's reply was still on its way is not
// missed for want of a listing record.

import { zeroAddress } from 'viem'
import type { Address, Hex, Log } from 'viem'
import type { AbortOptions } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { purchaseState, readListing, readPurchase } from '../chain/read.ts'
import { listingSnapshot } from '../chain/snapshot.ts'
import type { EnabledShop } from '../context.ts'
import { publishListing, publishPurchase } from '../events/publish.ts'
import type { PurchaseRecord } from '../store/records.ts'

/** Blocks asked of the RPC in one eth_getLogs; public endpoints refuse much wider ranges. */
export const logRange = 2_000n

export interface ScanState {
  /** Seller of each listing id seen (sellers never change). */
  sellers: Map<string, Address>
}

export function scanState (): ScanState {
  return { sellers: new Map() }
}

type ShopLog = Log<bigint, number, false, undefined, true, typeof fileShopAbi>

/** Applies the logs of blocks `from`..`to` (inclusive) in chain order. */
export async function scanBlocks (shop: EnabledShop, state: ScanState, from: bigint, to: bigint, options: AbortOptions = {}): Promise<void> {
  for (let start = from; start <= to; start += logRange) {
    const end = start + logRange - 1n < to ? start + logRange - 1n : to
    const logs = await shop.chain.call(async (client) => await client.getContractEvents({
      address: shop.chain.contract, abi: fileShopAbi, fromBlock: start, toBlock: end, strict: true
    }), options) as ShopLog[]
    const timestamps = new Map<bigint, number>()
    for (const log of logs) {
      options.signal?.throwIfAborted()
      await applyLog(shop, state, log, timestamps, options)
    }
  }
}

async function applyLog (shop: EnabledShop, state: ScanState, log: ShopLog, timestamps: Map<bigint, number>, options: AbortOptions): Promise<void> {
  switch (log.eventName) {
    case 'Purchased': {
      const { purchaseId, listingId, buyer, promoter, amount, buyerPublicKey, deadline } = log.args
      if (!await isOurs(shop, state, listingId, options)) return
      const id = purchaseId.toString()
      const existing = shop.purchases.get(id)
      // The same purchase seen again: nothing to do. A different one under the same id can
      // only come from a reorg that dropped the first; the chain's is the one that stands.
      if (existing?.purchaseTransaction === log.transactionHash) return
      // The purchase-time payee, token and commission, as the contract keeps them. A purchase
      // already gone again (a reorg between the log and this read) keeps the listing's terms.
      const onChain = await readPurchase(shop.chain, purchaseId, options)
      const terms = onChain.state === purchaseState.none
        ? (shop.listings.get(listingId.toString())?.chain ?? listingSnapshot(await readListing(shop.chain, listingId, options)))
        : { payee: onChain.payee, token: onChain.token === zeroAddress ? null : onChain.token, commissionBps: onChain.commissionBps }
      const record: PurchaseRecord = {
        purchaseId: id,
        listingId: listingId.toString(),
        buyer,
        promoter: promoter === zeroAddress ? null : promoter,
        payee: terms.payee,
        token: terms.token,
        amount: amount.toString(),
        commissionBps: terms.commissionBps,
        deadline: Number(deadline),
        buyerPublicKey,
        state: 'pending',
        purchaseTransaction: log.transactionHash,
        purchaseBlock: Number(log.blockNumber),
        purchasedAt: new Date(await blockTime(shop, log.blockNumber, timestamps, options) * 1000).toISOString(),
        delivery: null,
        refundTransaction: null,
        sending: null,
        lastError: null
      }
      await save(shop, record)
      shop.logger.info('purchase seen', { purchaseId: id, listingId: record.listingId, block: record.purchaseBlock })
      return
    }
    case 'Delivered': {
      const { purchaseId, sealedKey, payeeAmount, promoterAmount } = log.args
      const record = shop.purchases.get(purchaseId.toString())
      if (record === undefined || record.delivery?.transaction === log.transactionHash) return
      await save(shop, {
        ...record,
        state: 'delivered',
        delivery: {
          transaction: log.transactionHash,
          block: Number(log.blockNumber),
          deliveredAt: new Date(await blockTime(shop, log.blockNumber, timestamps, options) * 1000).toISOString(),
          sealedKey: sealedKey as Hex,
          payeeAmount: payeeAmount.toString(),
          promoterAmount: promoterAmount.toString()
        },
        sending: null,
        lastError: null
      })
      shop.logger.info('purchase delivered', { purchaseId: record.purchaseId, hash: log.transactionHash, block: Number(log.blockNumber) })
      return
    }
    case 'Refunded': {
      const record = shop.purchases.get(log.args.purchaseId.toString())
      if (record === undefined || record.refundTransaction === log.transactionHash) return
      await save(shop, { ...record, state: 'refunded', refundTransaction: log.transactionHash, sending: null })
      shop.logger.info('purchase refunded', { purchaseId: record.purchaseId, hash: log.transactionHash })
      return
    }
    case 'ListingPriceChanged':
    case 'ListingCommissionChanged':
    case 'ListingPausedChanged':
    case 'ListingDelisted': {
      // Changes made elsewhere (another client of the same wallet) reach the storefront too.
      const record = shop.listings.get(log.args.listingId.toString())
      if (record === undefined) return
      const chain = listingSnapshot(await readListing(shop.chain, log.args.listingId, options))
      if (JSON.stringify(chain) === JSON.stringify(record.chain)) return
      const updated = { ...record, chain }
      await shop.listings.save(updated.listingId, updated)
      publishListing(shop, updated)
      return
    }
    default:
      // ListingCreated (ours are recorded by createListing), PaymentDeferred, Withdrawn,
      // and the license token's TransferSingle: nothing this node keeps.
  }
}

async function isOurs (shop: EnabledShop, state: ScanState, listingId: bigint, options: AbortOptions): Promise<boolean> {
  const wallet = shop.runtime.wallet
  if (wallet === undefined) return false
  const id = listingId.toString()
  const recorded = shop.listings.get(id)
  if (recorded !== undefined) return recorded.chain.seller.toLowerCase() === wallet.toLowerCase()
  let seller = state.sellers.get(id)
  if (seller === undefined) {
    seller = (await readListing(shop.chain, listingId, options)).seller
    state.sellers.set(id, seller)
  }
  return seller.toLowerCase() === wallet.toLowerCase()
}

async function blockTime (shop: EnabledShop, blockNumber: bigint, cache: Map<bigint, number>, options: AbortOptions): Promise<number> {
  let seconds = cache.get(blockNumber)
  if (seconds === undefined) {
    seconds = Number((await shop.chain.call(async (client) => await client.getBlock({ blockNumber }), options)).timestamp)
    cache.set(blockNumber, seconds)
  }
  return seconds
}

async function save (shop: EnabledShop, record: PurchaseRecord): Promise<void> {
  await shop.purchases.save(record.purchaseId, record)
  publishPurchase(shop, record)
}
