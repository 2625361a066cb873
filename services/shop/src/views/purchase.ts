// A purchase for the owner (PurchaseView) and for its buyer's page (PublicPurchase). The
// state name adds what the chain cannot say: `delivering` (our transaction is out) and
// `expired` (the deadline passed on the chain's clock and nobody refunded yet).

import type { PublicPurchase, PurchaseStateName, PurchaseView } from '@pc2/core'
import { chainNow } from '../context.ts'
import type { ShopContext } from '../context.ts'
import type { PurchaseRecord } from '../store/records.ts'

export function purchaseStateName (record: PurchaseRecord, now: number): PurchaseStateName {
  if (record.state !== 'pending') return record.state
  if (record.sending !== null) return 'delivering'
  return now >= record.deadline ? 'expired' : 'pending'
}

export function purchaseView (shop: ShopContext, record: PurchaseRecord): PurchaseView {
  const listing = shop.listings.get(record.listingId)
  return {
    purchaseId: record.purchaseId,
    listingId: record.listingId,
    title: listing?.title ?? '',
    buyer: record.buyer,
    promoter: record.promoter,
    amount: record.amount,
    token: record.token,
    currency: listing?.currency.symbol ?? 'ETH',
    decimals: listing?.currency.decimals ?? 18,
    commissionBps: record.commissionBps,
    deadline: record.deadline,
    state: purchaseStateName(record, chainNow(shop)),
    purchasedAt: record.purchasedAt,
    purchaseTransaction: record.purchaseTransaction,
    deliveryTransaction: record.delivery?.transaction ?? record.sending?.transaction ?? null,
    payeeAmount: record.delivery?.payeeAmount ?? null,
    promoterAmount: record.delivery?.promoterAmount ?? null,
    lastError: record.lastError
  }
}

export function publicPurchase (shop: ShopContext, record: PurchaseRecord): PublicPurchase {
  return {
    purchaseId: record.purchaseId,
    listingId: record.listingId,
    state: purchaseStateName(record, chainNow(shop)),
    deadline: record.deadline,
    sealedKey: record.delivery?.sealedKey ?? null,
    deliveryTransaction: record.delivery?.transaction ?? null
  }
}
