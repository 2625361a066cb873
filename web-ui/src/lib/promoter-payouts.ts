// What the contract paid each promoter, from the owner's list of purchases: delivered
// purchases only (a promoter is paid in the delivery transaction), per currency.

import type { PurchaseView } from '@pc2/core'

export interface PromoterPayout {
  promoter: string
  sales: number
  /** Per currency symbol. */
  paid: Record<string, { amount: bigint, decimals: number }>
}

/** Delivered purchases per promoter: what the contract paid each (per currency). */
export function promoterPayouts (purchases: readonly PurchaseView[]): PromoterPayout[] {
  const byPromoter = new Map<string, PromoterPayout>()
  for (const purchase of purchases) {
    if (purchase.promoter === null || purchase.state !== 'delivered') continue
    const payout = byPromoter.get(purchase.promoter) ?? { promoter: purchase.promoter, sales: 0, paid: {} }
    payout.sales++
    const paid = payout.paid[purchase.currency] ?? { amount: 0n, decimals: purchase.decimals }
    paid.amount += BigInt(purchase.promoterAmount ?? '0')
    payout.paid[purchase.currency] = paid
    byPromoter.set(purchase.promoter, payout)
  }
  return [...byPromoter.values()].sort((a, b) => b.sales - a.sales)
}
