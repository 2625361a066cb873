// A listing as the contract returns it, in the shape the listing record keeps.

import { zeroAddress } from 'viem'
import type { ListingRecord } from '../store/records.ts'
import type { ChainListing } from './read.ts'
import { listingStatus } from './read.ts'

const statusNames = { [listingStatus.active]: 'active', [listingStatus.paused]: 'paused', [listingStatus.delisted]: 'delisted' } as const

export function listingSnapshot (listing: ChainListing): ListingRecord['chain'] {
  return {
    seller: listing.seller,
    payee: listing.payee,
    token: listing.token === zeroAddress ? null : listing.token,
    price: listing.price.toString(),
    commissionBps: listing.commissionBps,
    deliveryWindow: listing.deliveryWindow,
    status: statusNames[listing.status as 1 | 2 | 3] ?? 'delisted',
    keyCommitment: listing.keyCommitment
  }
}
