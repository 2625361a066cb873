// Tells the open event streams that a record changed: the owner gets the new view, the
// purchase's promoter (if any) their updated earnings.

import type { ShopContext } from '../context.ts'
import type { ListingRecord, PurchaseRecord } from '../store/records.ts'
import { ownerListing } from '../views/listing.ts'
import { promoterEarnings } from '../views/promoter.ts'
import { purchaseView } from '../views/purchase.ts'
import { ownerTopic, promoterTopic } from './hub.ts'

export function publishPurchase (shop: ShopContext, record: PurchaseRecord): void {
  shop.events.publish(ownerTopic, { event: 'purchase', data: purchaseView(shop, record) })
  if (record.promoter !== null) {
    shop.events.publish(promoterTopic(record.promoter), { event: 'purchase', data: promoterEarnings(shop, record.promoter) })
  }
}

export function publishListing (shop: ShopContext, record: ListingRecord): void {
  shop.events.publish(ownerTopic, { event: 'listing', data: ownerListing(shop, record) })
}
