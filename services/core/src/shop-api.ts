// Bodies of pc2-shop's HTTP API (services/shop/API.md), a contract with pc2-admin (which
// serves the owner routes under /api/shop/ and the public ones under /api/storefront/),
// the web UI and the CLI. Amounts are decimal strings of wei (or ERC-20 units): they do not
// fit in a JSON number. Addresses are EIP-55 checksummed; ids are decimal strings.

import type { Endpoint, StreamEndpoint } from './http/api-contract.ts'
import type { ServiceHealth } from './vault-api.ts'

export type Address = `0x${string}`
export type Hex = `0x${string}`

export type ListingStatusName = 'active' | 'paused' | 'delisted'

/**
 * pending: paid, waiting for this node; delivering: the deliver transaction is sent;
 * delivered: the buyer has the key (final after `shop.confirmations`); refunded: the buyer
 * took the money back after the deadline; expired: the deadline passed undelivered and no
 * refund yet.
 */
export type PurchaseStateName = 'pending' | 'delivering' | 'delivered' | 'refunded' | 'expired'

/** GET /licenses/<listingId>: what the chain says now about the owner's license to a listing. */
export interface License {
  listingId: string
  /** Whose license: the signed-in owner. */
  account: Address
  /** The account holds the listing's license token (minted when the seller delivered). */
  licensed: boolean
  /** What the listing sells: the encrypted file's CID and keccak256 of its key. */
  cid: string
  keyCommitment: Hex
  seller: Address
  status: ListingStatusName
}

/** What the chain says about a listing, plus what only this node knows (title, file). */
export interface PublicListing {
  listingId: string
  title: string
  description: string
  /** Encrypted file on IPFS (this node's /ipfs/ gateway serves it). */
  cid: string
  fileName: string
  /** Plaintext bytes. */
  fileSize: number
  fileType: string
  price: string
  /** null = native ETH. */
  token: Address | null
  /** 'ETH', or the ERC-20's symbol. */
  currency: string
  decimals: number
  commissionBps: number
  deliveryWindowSeconds: number
  status: ListingStatusName
  /** keccak256 of the file key: the buyer checks the delivered key against it. */
  keyCommitment: Hex
  seller: Address
  payee: Address
  /** 0 until the shop has heard from the chain since selling was turned on. */
  chainId: number
  contract: Address
}

export interface OwnerListing extends PublicListing {
  createdAt: string
  /** Transaction that created the listing. */
  transactionHash: Hex
  sales: number
  /** Total paid by buyers of delivered purchases. */
  revenue: string
}

export interface ListingsResponse<L = PublicListing> {
  listings: L[]
}

export interface CreateListingRequest {
  /** An uploaded file whose key the vault holds. */
  cid: string
  title: string
  description?: string
  price: string
  /** Omitted or null = ETH. */
  token?: Address | null
  commissionBps: number
  /** Default 86400 (one day). */
  deliveryWindowSeconds?: number
}

export interface UpdateListingRequest {
  price?: string
  commissionBps?: number
  paused?: boolean
  title?: string
  description?: string
}

export interface PurchaseView {
  purchaseId: string
  listingId: string
  title: string
  buyer: Address
  promoter: Address | null
  amount: string
  token: Address | null
  currency: string
  decimals: number
  commissionBps: number
  /** Unix seconds: delivery must happen strictly before. */
  deadline: number
  state: PurchaseStateName
  purchasedAt: string
  purchaseTransaction: Hex
  /** The delivery once delivered, or the one in flight while `delivering`. */
  deliveryTransaction: Hex | null
  /** Filled once delivered. */
  payeeAmount: string | null
  promoterAmount: string | null
  /** Last delivery failure, for the owner (the node keeps retrying until the deadline). */
  lastError: { name: string, message: string } | null
}

export interface SalesResponse {
  purchases: PurchaseView[]
  totals: {
    delivered: number
    /** Still in escrow: pending, delivering and expired. */
    pending: number
    refunded: number
    /** Per currency symbol: paid to the payee / to promoters, delivered purchases only. */
    payee: Record<string, string>
    promoters: Record<string, string>
  }
}

/** What a buyer's page polls: public, no addresses other than the buyer's own purchase. */
export interface PublicPurchase {
  purchaseId: string
  listingId: string
  state: PurchaseStateName
  deadline: number
  /** `crypto_box_seal(fileKey, buyerPublicKey)`, hex, once delivered. */
  sealedKey: Hex | null
  /** Once delivered (a delivery in flight is not shown). */
  deliveryTransaction: Hex | null
}

export interface PromoterEarnings {
  promoter: Address
  /** Delivered purchases this promoter referred, newest first. */
  sales: Array<{
    purchaseId: string
    listingId: string
    title: string
    amount: string
    promoterAmount: string
    currency: string
    decimals: number
    deliveredAt: string
    deliveryTransaction: Hex
  }>
  /** Referred purchases not delivered yet and not refunded (expired ones included). */
  pending: number
  /** Per currency symbol. */
  totals: Record<string, string>
}

export interface ShopStatus {
  /** False while shop.rpcUrl or shop.contract is off. */
  enabled: boolean
  chainId: number | null
  contract: Address | null
  rpcUrl: string | null
  /** The node's hot wallet in the vault: sends listings and deliveries, pays their gas. */
  wallet: { address: Address, balance: string } | null
  /** shop.payoutAddress; while it is `owner`, the owner pc2-admin last named (null before any). */
  payoutAddress: Address | null
  /** Latest block seen, and the block the watcher has processed up to. */
  head: number | null
  cursor: number | null
  lastError: { name: string, message: string, at: string } | null
}

export interface WalletResponse {
  address: Address
}

/**
 * Server-sent events on GET /events (owner) and GET /public/promoters/<address>/events:
 * `event: purchase` with a PurchaseView (owner) or PromoterEarnings (promoter) as data,
 * `event: listing` with an OwnerListing, `event: status` with a ShopStatus.
 */
export type ShopEventName = 'purchase' | 'listing' | 'status'

/**
 * pc2-shop's routes (API.md). The owner routes read who the owner is from `x-pc2-owner`
 * (pc2-admin sets it from the session); `/public/*` is what anyone may read, passed on by
 * pc2-admin under /api/storefront/.
 */
export interface ShopApi {
  'GET /health': Endpoint<ServiceHealth>
  'GET /status': Endpoint<ShopStatus>
  /** 201 with the wallet made, 200 with the one there. */
  'POST /wallet': Endpoint<WalletResponse>
  'GET /listings': Endpoint<ListingsResponse<OwnerListing>>
  /** 201 */
  'POST /listings': Endpoint<OwnerListing, CreateListingRequest>
  'PATCH /listings/:id': Endpoint<OwnerListing, UpdateListingRequest>
  /** Delists on chain; the listing stays, delisted. */
  'DELETE /listings/:id': Endpoint<OwnerListing>
  'GET /sales': Endpoint<SalesResponse>
  'GET /licenses/:id': Endpoint<License>
  /** ShopEventName events. */
  'GET /events': StreamEndpoint
  'GET /public/listings': Endpoint<ListingsResponse>
  'GET /public/listings/:id': Endpoint<PublicListing>
  'GET /public/purchases/:id': Endpoint<PublicPurchase>
  'GET /public/promoters/:address': Endpoint<PromoterEarnings>
  /** `purchase` events with PromoterEarnings. */
  'GET /public/promoters/:address/events': StreamEndpoint
}
