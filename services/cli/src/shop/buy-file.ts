// `pc2 buy`'s work, step by step, each announced on stderr: read the listing from the
// storefront, check it against the chain the buyer's RPC serves, derive the buyer's key
// from a wallet signature, pay into escrow, wait for the seller's node to deliver the file
// key sealed to that key, check the key against the listing's commitment, and download and
// decrypt the file like `pc2 download`. With `purchaseId`, it resumes an existing purchase
// (after Ctrl-C, say) at the waiting step, without paying again.

import { stat } from 'node:fs/promises'
import { formatUnits, getAddress, keccak256 } from 'viem'
import type { Address, Hash } from 'viem'
import type { AbortOptions, PublicListing } from '@pc2/core'
import { DeliveredKeyMismatchError } from '@pc2/core'
import { destinationPath, planDestination } from '../download/destination.ts'
import { downloadFile } from '../download/download-file.ts'
import type { DownloadComponents } from '../download/download-file.ts'
import { existsError } from '../download/partial-file.ts'
import { DeliveryDeadlinePassedError, ListingNotForSaleError, NotYourPurchaseError, WrongChainError } from '../errors.ts'
import type { PrivateKey } from '../node/owner-key.ts'
import { awaitDelivery } from './await-delivery.ts'
import { deriveBuyerBox } from './buyer-box.ts'
import { connectChain } from './chain.ts'
import type { ChainConnection } from './chain.ts'
import { formatDeadline } from './deadline.ts'
import { checkListing, readChainListing } from './on-chain-listing.ts'
import type { ChainListing } from './on-chain-listing.ts'
import { pay } from './pay.ts'
import { chainNow, findPurchaseEvent, readPurchase } from './purchase.ts'
import { fetchListing } from './storefront.ts'
import type { StorefrontLink } from './storefront-link.ts'

export interface BuyInit {
  link: StorefrontLink
  /** The link as given, for the resume hint. */
  linkText: string
  rpcUrl: string
  privateKey: PrivateKey
  /** Resume this purchase instead of buying. */
  purchaseId?: bigint
  output?: string
  overwrite: boolean
  cwd: string
  pollIntervalMs: number
}

export interface BuyComponents extends DownloadComponents {
  /** One progress line on stderr. */
  report: (line: string) => void
}

export interface BuyResult {
  purchaseId: bigint
  purchaseTransaction: Hash
  deliveryTransaction: Hash
  path: string
}

export async function buyFile (init: BuyInit, components: BuyComponents, options: AbortOptions = {}): Promise<BuyResult> {
  const { link } = init
  const { report } = components
  report(`reading listing ${link.listingId} from ${link.origin}`)
  const claimed = await fetchListing(link.origin, link.listingId, options)
  const currency = claimed.currency ?? 'ETH'
  const decimals = claimed.decimals ?? 18
  report(`listing ${link.listingId}: ${JSON.stringify(claimed.title)}, ${claimed.fileName} (${claimed.fileSize} bytes), ${formatUnits(BigInt(claimed.price), decimals)} ${currency}, contract ${claimed.contract} on chain ${claimed.chainId}`)
  // A file in the way is refused before any money moves.
  const destination = await planDestination(init.output, init.cwd)
  const expectedPath = destinationPath(destination, { name: claimed.fileName, type: claimed.fileType, size: claimed.fileSize })
  if (!init.overwrite && await exists(expectedPath)) throw existsError(expectedPath)

  report(`connecting to ${init.rpcUrl}`)
  const chain = await connectChain(init.rpcUrl, init.privateKey)
  if (chain.chainId !== claimed.chainId) {
    throw new WrongChainError(`${init.rpcUrl} serves chain ${chain.chainId}, but listing ${link.listingId} is on chain ${claimed.chainId}; pass --rpc for chain ${claimed.chainId}`, {
      details: { rpcChainId: chain.chainId, listingChainId: claimed.chainId }
    })
  }
  const contract = getAddress(claimed.contract)
  const listing = await readChainListing(chain, contract, link.listingId)

  const refundCommand = (purchaseId: bigint): string => `pc2 refund ${purchaseId} --rpc ${init.rpcUrl} --contract ${contract}`
  report(`deriving your buyer key: signing the PC2 buyer-key message with ${chain.account.address}`)
  const box = await deriveBuyerBox(chain.account, { chainId: chain.chainId, contract })

  let purchase: { purchaseId: bigint, deadline: bigint, block: bigint, transaction: Hash }
  if (init.purchaseId === undefined) {
    checkListing(claimed, listing)
    if (listing.status !== 'active') throw new ListingNotForSaleError(`listing ${link.listingId} is ${listing.status}; it cannot be bought now`, { details: { status: listing.status } })
    if (link.promoter !== undefined) report(`referred by ${link.promoter} (commission ${listing.commissionBps / 100}% of the price)`)
    purchase = await pay(chain, { listing, promoter: link.promoter, buyerPublicKey: box.publicKey, currency, decimals }, report)
    report(`purchase ${purchase.purchaseId} paid (transaction ${purchase.transaction})`)
    report(`if this is interrupted, resume without paying again: pc2 buy '${init.linkText}' --rpc ${init.rpcUrl} --purchase ${purchase.purchaseId}`)
  } else {
    purchase = await resumePurchase(chain, listing, init.purchaseId, claimed)
    report(`resuming purchase ${purchase.purchaseId} (paid in transaction ${purchase.transaction})`)
  }

  report(`waiting for the seller's node to deliver (deadline ${formatDeadline(purchase.deadline, (await chainNow(chain)).timestamp)})`)
  const delivery = await awaitDelivery(chain, {
    contract,
    purchaseId: purchase.purchaseId,
    deadline: purchase.deadline,
    fromBlock: purchase.block,
    refundHint: refundCommand(purchase.purchaseId),
    pollIntervalMs: init.pollIntervalMs,
    report
  }, options)
  report(`delivered (transaction ${delivery.transaction})`)

  const key = box.open(delivery.sealedKey)
  if (key === undefined) {
    throw new DeliveredKeyMismatchError(`the key delivered in ${delivery.transaction} does not open with your buyer key; tell the seller (purchase ${purchase.purchaseId})`, { details: { purchaseId: String(purchase.purchaseId) } })
  }
  if (key.byteLength !== 32 || keccak256(key) !== listing.keyCommitment.toLowerCase()) {
    throw new DeliveredKeyMismatchError(`the key delivered in ${delivery.transaction} is not the one listing ${link.listingId} committed to; tell the seller (purchase ${purchase.purchaseId})`, { details: { purchaseId: String(purchase.purchaseId) } })
  }
  const { path } = await downloadFile({
    source: { origin: link.origin, cid: listing.cid, key },
    ...(init.output === undefined ? {} : { output: init.output }),
    overwrite: init.overwrite,
    cwd: init.cwd
  }, components, options)
  return { purchaseId: purchase.purchaseId, purchaseTransaction: purchase.transaction, deliveryTransaction: delivery.transaction, path }
}

async function resumePurchase (chain: ChainConnection, listing: ChainListing, purchaseId: bigint, claimed: PublicListing): Promise<{ purchaseId: bigint, deadline: bigint, block: bigint, transaction: Hash }> {
  // What was bought is fixed by the chain; only the file and its key must still agree
  // (the price or the status may have changed since).
  checkListing(claimed, listing, ['cid', 'keyCommitment'])
  const found = await readPurchase(chain, listing.contract, purchaseId)
  const buyer: Address = chain.account.address
  if (found.buyer.toLowerCase() !== buyer.toLowerCase()) {
    throw new NotYourPurchaseError(`purchase ${purchaseId} was made by ${found.buyer}, not by your key's ${buyer}`, { details: { purchaseId: String(purchaseId) } })
  }
  if (found.listingId !== listing.listingId) {
    throw new NotYourPurchaseError(`purchase ${purchaseId} is of listing ${found.listingId}, not of listing ${listing.listingId} the link names`, { details: { purchaseId: String(purchaseId) } })
  }
  if (found.state === 'refunded') {
    throw new DeliveryDeadlinePassedError(`purchase ${purchaseId} was not delivered in time and has been refunded`, { details: { purchaseId: String(purchaseId) } })
  }
  const event = await findPurchaseEvent(chain, listing.contract, purchaseId)
  return { purchaseId, deadline: found.deadline, block: event.block, transaction: event.transaction }
}

async function exists (path: string): Promise<boolean> {
  return await stat(path).then(() => true, () => false)
}
