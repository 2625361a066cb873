// A listing as the chain has it, checked against what the storefront claims: the buyer pays
// what the contract will take, for the CID and key commitment the contract holds, so a
// storefront that misstates any of them is refused before any money moves.

import { zeroAddress } from 'viem'
import type { Address, Hex } from 'viem'
import type { ListingStatusName, PublicListing } from '@pc2/core'
import { ListingNotFoundError } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { ListingMismatchError } from '../errors.ts'
import { onChain } from './chain.ts'
import type { ChainConnection } from './chain.ts'

export interface ChainListing {
  listingId: bigint
  contract: Address
  seller: Address
  payee: Address
  /** Undefined for native ETH. */
  token: Address | undefined
  price: bigint
  commissionBps: number
  deliveryWindowSeconds: number
  status: ListingStatusName | 'none'
  keyCommitment: Hex
  cid: string
}

const statusNames = ['none', 'active', 'paused', 'delisted'] as const

export async function readChainListing (chain: ChainConnection, contract: Address, listingId: bigint): Promise<ChainListing> {
  const listing = await onChain(chain.rpcUrl, `reading listing ${listingId}`, async () =>
    await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'getListing', args: [listingId] }))
  const status = statusNames[listing.status] ?? 'none'
  if (status === 'none') throw new ListingNotFoundError(`contract ${contract} on chain ${chain.chainId} has no listing ${listingId}`, { details: { listingId: String(listingId) } })
  return {
    listingId,
    contract,
    seller: listing.seller,
    payee: listing.payee,
    token: listing.token === zeroAddress ? undefined : listing.token,
    price: listing.price,
    commissionBps: listing.commissionBps,
    deliveryWindowSeconds: listing.deliveryWindow,
    status,
    keyCommitment: listing.keyCommitment,
    cid: listing.cid
  }
}

export type CheckedField = 'price' | 'cid' | 'keyCommitment' | 'status' | 'token'

/** Throws ListingMismatchError naming the first of `only` where the storefront and the chain differ. */
export function checkListing (claimed: PublicListing, chain: ChainListing, only?: readonly CheckedField[]): void {
  const fields: Array<[CheckedField, string, string]> = [
    ['price', claimed.price, String(chain.price)],
    ['cid', claimed.cid, chain.cid],
    ['keyCommitment', claimed.keyCommitment.toLowerCase(), chain.keyCommitment.toLowerCase()],
    ['status', claimed.status, chain.status],
    ['token', (claimed.token ?? zeroAddress).toLowerCase(), (chain.token ?? zeroAddress).toLowerCase()]
  ]
  for (const [field, storefront, onChain] of fields) {
    if (only !== undefined && !only.includes(field)) continue
    if (storefront !== onChain) {
      throw new ListingMismatchError(`the storefront says listing ${chain.listingId} has ${field} ${storefront}, the contract says ${onChain}; not buying`, {
        details: { field, storefront, chain: onChain }
      })
    }
  }
}
