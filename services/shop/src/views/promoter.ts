// What a promoter earned through this node's listings: delivered sales newest first, the
// referred purchases still waiting, and totals per currency. Public: it is on chain anyway.

import type { Address, PromoterEarnings } from '@pc2/core'
import type { ShopContext } from '../context.ts'
import { compareIds } from './listing.ts'
import { add } from './sales.ts'

export function promoterEarnings (shop: ShopContext, promoter: Address): PromoterEarnings {
  const referred = shop.purchases.values()
    .filter((record) => record.promoter !== null && record.promoter.toLowerCase() === promoter.toLowerCase())
    .sort((a, b) => compareIds(b.purchaseId, a.purchaseId))
  const earnings: PromoterEarnings = { promoter, sales: [], pending: 0, totals: {} }
  for (const record of referred) {
    if (record.state === 'pending') earnings.pending++
    if (record.state !== 'delivered' || record.delivery === null) continue
    const listing = shop.listings.get(record.listingId)
    const currency = listing?.currency ?? { symbol: 'ETH', decimals: 18 }
    earnings.sales.push({
      purchaseId: record.purchaseId,
      listingId: record.listingId,
      title: listing?.title ?? '',
      amount: record.amount,
      promoterAmount: record.delivery.promoterAmount,
      currency: currency.symbol,
      decimals: currency.decimals,
      deliveredAt: record.delivery.deliveredAt,
      deliveryTransaction: record.delivery.transaction
    })
    add(earnings.totals, currency.symbol, record.delivery.promoterAmount)
  }
  return earnings
}
