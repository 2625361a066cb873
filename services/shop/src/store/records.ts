// What pc2-shop keeps in $PC2_SHOP_DIR (API.md, "State"). The chain is the truth for
// prices, statuses and purchase states; these records cache it (so the storefront answers
// while the RPC is down) and add what only this node knows: titles, file details, the
// delivery in flight and its last error.

import type { Address, Hex } from 'viem'

export interface ListingRecord {
  listingId: string
  title: string
  description: string
  cid: string
  fileName: string
  fileSize: number
  fileType: string
  createdAt: string
  transactionHash: Hex
  /** Block of the creating transaction: the watcher never needs to look further back. */
  createdBlock: number
  currency: { symbol: string, decimals: number }
  /** The listing on chain, as last read. */
  chain: {
    seller: Address
    payee: Address
    token: Address | null
    price: string
    commissionBps: number
    deliveryWindow: number
    status: 'active' | 'paused' | 'delisted'
    keyCommitment: Hex
  }
}

export interface PurchaseRecord {
  purchaseId: string
  listingId: string
  buyer: Address
  promoter: Address | null
  payee: Address
  token: Address | null
  amount: string
  commissionBps: number
  /** Unix seconds; delivery must be mined strictly before. */
  deadline: number
  buyerPublicKey: Hex
  /** The purchase's state on chain, as last derived. */
  state: 'pending' | 'delivered' | 'refunded'
  purchaseTransaction: Hex
  purchaseBlock: number
  purchasedAt: string
  delivery: {
    transaction: Hex
    block: number
    deliveredAt: string
    sealedKey: Hex
    payeeAmount: string
    promoterAmount: string
  } | null
  refundTransaction: Hex | null
  /** The deliver transaction this node has sent and not yet seen mined. */
  sending: { transaction: Hex, nonce: number } | null
  lastError: { name: string, message: string } | null
}

export interface CursorRecord {
  /** The last block whose logs are persisted in the records. */
  blockNumber: number
  blockHash: Hex
}

/** A signed transaction of the node's wallet, persisted before it is broadcast. */
export interface OutboxRecord {
  nonce: number
  hash: Hex
  signedTransaction: Hex
  /** What it is for, so a restart knows which purchase is being delivered. */
  purpose:
    /** The sealed key inside was made for `buyerPublicKey`: it must never reach another buyer. */
    | { kind: 'deliver', purchaseId: string, buyerPublicKey: Hex }
    | { kind: 'listing', action: string, listingId: string | null }
    /** A 0-value transfer to the wallet itself that takes the nonce of a stale delivery. */
    | { kind: 'cancel', replaced: Hex }
  createdAt: string
  /** Block it was mined in, once seen; dropped when buried under the reorg window. */
  minedBlock: number | null
}
