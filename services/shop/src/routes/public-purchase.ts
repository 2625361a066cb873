// GET /public/purchases/<id> → PublicPurchase: what the buyer's page polls until the
// sealed key is there. 404 PurchaseNotFoundError for purchases of other sellers, and for
// one this node has not seen yet (the page keeps polling).

import { jsonReply, PurchaseNotFoundError } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { parseId } from '../inputs.ts'
import { publicPurchase } from '../views/purchase.ts'

export const publicPurchaseRoute: ShopHandler<'GET /public/purchases/:id'> = async ({ shop, params }) => {
  enabled(shop)
  const id = parseId('purchaseId', params.id).toString()
  const record = shop.purchases.get(id)
  if (record === undefined) throw new PurchaseNotFoundError(`purchase ${id} is not a purchase of this node's listings, or not seen yet`, { details: { purchaseId: id } })
  return jsonReply(publicPurchase(shop, record))
}
