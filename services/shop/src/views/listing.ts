// A listing as the storefront (PublicListing) and the owner (OwnerListing) see it: the
// chain's terms as last read, and the title and file that only this node knows.

import type { Address, OwnerListing, PublicListing } from '@pc2/core'
import type { ShopContext } from '../context.ts'
import type { ListingRecord } from '../store/records.ts'

export function publicListing (shop: ShopContext, record: ListingRecord): PublicListing {
  const { chain } = record
  return {
    listingId: record.listingId,
    title: record.title,
    description: record.description,
    cid: record.cid,
    fileName: record.fileName,
    fileSize: record.fileSize,
    fileType: record.fileType,
    price: chain.price,
    token: chain.token,
    currency: record.currency.symbol,
    decimals: record.currency.decimals,
    commissionBps: chain.commissionBps,
    deliveryWindowSeconds: chain.deliveryWindow,
    status: chain.status,
    keyCommitment: chain.keyCommitment,
    seller: chain.seller,
    payee: chain.payee,
    chainId: shop.runtime.chainId ?? 0,
    contract: shop.settings['shop.contract'] as Address
  }
}

export function ownerListing (shop: ShopContext, record: ListingRecord): OwnerListing {
  const delivered = shop.purchases.values().filter((purchase) => purchase.listingId === record.listingId && purchase.state === 'delivered')
  return {
    ...publicListing(shop, record),
    createdAt: record.createdAt,
    transactionHash: record.transactionHash,
    sales: delivered.length,
    revenue: delivered.reduce((sum, purchase) => sum + BigInt(purchase.amount), 0n).toString()
  }
}

/** This node's listings, oldest first (ids are assigned in order). */
export function sortedListings (shop: ShopContext): ListingRecord[] {
  return shop.listings.values().sort((a, b) => compareIds(a.listingId, b.listingId))
}

export function compareIds (a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}
