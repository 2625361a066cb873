// Hands each pending purchase its key: the chain is asked once more what the purchase is
// (a reorg may have dropped it or put another buyer under its id), the vault seals the
// file key to the buyer's X25519 key, and the one sender signs and persists `deliver`
// before it broadcasts. A purchase whose deliver transaction is in the outbox is never sent
// again: the outbox re-broadcasts those same signed bytes, and the contract refuses a
// second delivery anyway, so the buyer is served once and the seller pays gas once.

import { toHex, zeroAddress } from 'viem'
import type { AbortOptions } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { purchaseState, readListing, readPurchase } from '../chain/read.ts'
import { chainNow } from '../context.ts'
import type { EnabledShop } from '../context.ts'
import { publishPurchase } from '../events/publish.ts'
import type { PurchaseRecord } from '../store/records.ts'
import { compareIds } from '../views/listing.ts'

/**
 * Seconds before the deadline after which no delivery is attempted: the transaction could
 * not be mined in time, and the buyer's refund should not race a delivery that pays gas.
 */
export const deadlineMarginSeconds = 5

export async function deliverPending (shop: EnabledShop, head: number, options: AbortOptions = {}): Promise<void> {
  const confirmations = shop.settings['shop.confirmations']
  const due = shop.purchases.values()
    .filter((record) => record.state === 'pending' && head - record.purchaseBlock >= confirmations)
    .sort((a, b) => compareIds(a.purchaseId, b.purchaseId))
  for (const record of due) {
    options.signal?.throwIfAborted()
    const inFlight = shop.sender.delivering(record.purchaseId)
    if (inFlight !== undefined) {
      if (record.sending?.transaction !== inFlight.hash) await save(shop, { ...record, sending: { transaction: inFlight.hash, nonce: inFlight.nonce } })
      continue
    }
    if (chainNow(shop) >= record.deadline - deadlineMarginSeconds) {
      if (record.sending !== null) await save(shop, { ...record, sending: null })
      continue
    }
    try {
      await deliverOne(shop, record, options)
    } catch (error) {
      if (options.signal?.aborted === true) throw error
      const lastError = { name: (error as Error).name, message: (error as Error).message }
      const latest = shop.purchases.get(record.purchaseId) ?? record
      if (latest.lastError?.message !== lastError.message) {
        shop.logger.warning('delivery failed; retrying at the next block', { purchaseId: record.purchaseId, error: lastError.name, reason: lastError.message })
        await save(shop, { ...latest, sending: null, lastError })
      }
    }
  }
}

async function deliverOne (shop: EnabledShop, record: PurchaseRecord, options: AbortOptions): Promise<void> {
  const id = BigInt(record.purchaseId)
  const onChain = await readPurchase(shop.chain, id, options)
  if (onChain.state === purchaseState.none) {
    // Its block was reorganised away and nobody bought it again (yet): nothing to deliver.
    shop.logger.warning('purchase is no longer on chain; forgetting it', { purchaseId: record.purchaseId })
    await shop.purchases.remove(record.purchaseId)
    return
  }
  if (onChain.state !== purchaseState.pending) {
    // Settled in a block the scan has not (or no longer) recorded: take it from its log.
    await recordSettlement(shop, record, options)
    return
  }
  let current = record
  if (onChain.buyerPublicKey !== record.buyerPublicKey || onChain.buyer !== record.buyer) {
    // The chain's purchase under this id is not the one the log told us about (a reorg).
    current = {
      ...record,
      buyer: onChain.buyer,
      promoter: onChain.promoter === zeroAddress ? null : onChain.promoter,
      amount: onChain.amount.toString(),
      commissionBps: onChain.commissionBps,
      deadline: Number(onChain.deadline),
      buyerPublicKey: onChain.buyerPublicKey
    }
  }
  const cid = shop.listings.get(current.listingId)?.cid ?? (await readListing(shop.chain, onChain.listingId, options)).cid
  const sealedKey = await shop.vault.seal(cid, Buffer.from(current.buyerPublicKey.slice(2), 'hex'), options)
  const sent = await shop.sender.send(
    { functionName: 'deliver', args: [id, toHex(sealedKey)] },
    { kind: 'deliver', purchaseId: current.purchaseId, buyerPublicKey: current.buyerPublicKey },
    options
  )
  await save(shop, { ...(shop.purchases.get(current.purchaseId) ?? current), ...pickTerms(current), sending: { transaction: sent.hash, nonce: sent.nonce }, lastError: null })
}

async function recordSettlement (shop: EnabledShop, record: PurchaseRecord, options: AbortOptions): Promise<void> {
  const args = { purchaseId: BigInt(record.purchaseId) }
  const fromBlock = BigInt(record.purchaseBlock)
  const query = { address: shop.chain.contract, abi: fileShopAbi, args, fromBlock, strict: true } as const
  const [delivered] = await shop.chain.call(async (client) => await client.getContractEvents({ ...query, eventName: 'Delivered' }), options)
  if (delivered !== undefined) {
    const block = await shop.chain.call(async (client) => await client.getBlock({ blockNumber: delivered.blockNumber }), options)
    await save(shop, {
      ...record,
      state: 'delivered',
      delivery: {
        transaction: delivered.transactionHash,
        block: Number(delivered.blockNumber),
        deliveredAt: new Date(Number(block.timestamp) * 1000).toISOString(),
        sealedKey: delivered.args.sealedKey,
        payeeAmount: delivered.args.payeeAmount.toString(),
        promoterAmount: delivered.args.promoterAmount.toString()
      },
      sending: null,
      lastError: null
    })
    return
  }
  const [refunded] = await shop.chain.call(async (client) => await client.getContractEvents({ ...query, eventName: 'Refunded' }), options)
  if (refunded !== undefined) await save(shop, { ...record, state: 'refunded', refundTransaction: refunded.transactionHash, sending: null })
}

function pickTerms (record: PurchaseRecord): Partial<PurchaseRecord> {
  const { buyer, promoter, amount, commissionBps, deadline, buyerPublicKey } = record
  return { buyer, promoter, amount, commissionBps, deadline, buyerPublicKey }
}

async function save (shop: EnabledShop, record: PurchaseRecord): Promise<void> {
  await shop.purchases.save(record.purchaseId, record)
  publishPurchase(shop, record)
}
