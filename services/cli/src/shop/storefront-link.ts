// Storefront links: `<origin>/shop/<listingId>`, and `?ref=<address>` when a promoter shared
// it (the promoter is paid a commission out of the price, never on top of it).

import { getAddress, isAddress } from 'viem'
import type { Address } from 'viem'
import { InvalidStorefrontLinkError } from '../errors.ts'

export interface StorefrontLink {
  /** `http(s)://host[:port]` of the seller's node. */
  origin: string
  /** Decimal, as on chain (ids start at 1). */
  listingId: bigint
  promoter: Address | undefined
}

export function parseStorefrontLink (link: string): StorefrontLink {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    throw new InvalidStorefrontLinkError(`${JSON.stringify(link)} is not a URL; a storefront link looks like http://pc2.local/shop/<listing id>`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidStorefrontLinkError(`${JSON.stringify(link)} is not an http:// or https:// link`)
  const match = /^\/shop\/([^/]+)\/?$/.exec(url.pathname)
  if (match?.[1] === undefined) throw new InvalidStorefrontLinkError(`the link's path ${JSON.stringify(url.pathname)} is not /shop/<listing id>`)
  if (!/^[1-9][0-9]{0,76}$/.test(match[1])) throw new InvalidStorefrontLinkError(`${JSON.stringify(decodeURIComponent(match[1]))} is not a listing id (a whole number from 1)`)
  const ref = url.searchParams.get('ref')
  if (ref !== null && !isAddress(ref)) {
    throw new InvalidStorefrontLinkError(`the promoter (ref=${JSON.stringify(ref)}) is not an address; expected 0x and 40 hex digits (EIP-55 checksummed when mixed case)`)
  }
  return { origin: url.origin, listingId: BigInt(match[1]), promoter: ref === null ? undefined : getAddress(ref) }
}
