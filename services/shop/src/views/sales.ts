// GET /sales: every purchase of this node's listings, newest first, and the totals.
// `pending` counts what is still in escrow (pending, delivering, expired).

import type { SalesResponse } from '@pc2/core'
import type { ShopContext } from '../context.ts'
import { compareIds } from './listing.ts'
import { purchaseView } from './purchase.ts'

export function salesResponse (shop: ShopContext): SalesResponse {
  const records = shop.purchases.values().sort((a, b) => compareIds(b.purchaseId, a.purchaseId))
  const purchases = records.map((record) => purchaseView(shop, record))
  const totals: SalesResponse['totals'] = { delivered: 0, pending: 0, refunded: 0, payee: {}, promoters: {} }
  for (const purchase of purchases) {
    if (purchase.state === 'refunded') totals.refunded++
    else if (purchase.state !== 'delivered') totals.pending++
    else {
      totals.delivered++
      add(totals.payee, purchase.currency, purchase.payeeAmount)
      add(totals.promoters, purchase.currency, purchase.promoterAmount)
    }
  }
  return { purchases, totals }
}

export function add (totals: Record<string, string>, currency: string, amount: string | null): void {
  totals[currency] = (BigInt(totals[currency] ?? '0') + BigInt(amount ?? '0')).toString()
}
