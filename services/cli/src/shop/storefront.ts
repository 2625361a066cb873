// What the seller's node says about a listing: GET <origin>/api/storefront/listings/<id>
// (services/shop/API.md). Only a claim: buy-file.ts checks every figure that matters
// against the chain before paying.

import type { AbortOptions, PublicListing } from '@pc2/core'
import { ListingNotFoundError } from '@pc2/core'
import { NodeApiError } from '../errors.ts'
import { createNodeClient } from '../node/client.ts'
import { nodeAddress } from '../node/node-url.ts'

export async function fetchListing (origin: string, listingId: bigint, options: AbortOptions = {}): Promise<PublicListing> {
  const client = createNodeClient(nodeAddress(origin))
  let listing: PublicListing
  try {
    listing = await client.request<PublicListing>('GET', `/api/storefront/listings/${listingId}`, { signal: options.signal, timeoutMs: 30_000 })
  } catch (error) {
    if (error instanceof NodeApiError && (error.remoteName === 'ListingNotFoundError' || error.status === 404)) {
      throw new ListingNotFoundError(`${origin} has no listing ${listingId}`, { details: { listingId: String(listingId) } })
    }
    if (error instanceof SyntaxError) throw notAStorefront(origin)
    throw error
  }
  const fields: Array<[keyof PublicListing, string]> = [['listingId', 'string'], ['cid', 'string'], ['price', 'string'], ['keyCommitment', 'string'], ['status', 'string'], ['chainId', 'number'], ['contract', 'string'], ['title', 'string']]
  if (typeof listing !== 'object' || listing === null || fields.some(([field, type]) => typeof listing[field] !== type) || String(listingId) !== listing.listingId) {
    throw notAStorefront(origin)
  }
  return listing
}

function notAStorefront (origin: string): NodeApiError {
  return new NodeApiError(`${origin} did not answer like a PC2 storefront; is this a PC2 node's link?`, { status: 502, remoteName: 'NotAStorefront' })
}
