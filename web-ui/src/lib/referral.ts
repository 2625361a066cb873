// Storefront and referral links. A promoter's link is the listing's page with `?ref=<their
// address>`; the buyer's purchase names that address, and the contract pays it its cut in
// the delivery transaction. Nothing but a well-formed address is ever taken from the link.

import { isAddress, toChecksumAddress } from './eip55.ts'

export type Referral =
  | { kind: 'none' }
  | { kind: 'valid', promoter: string }
  | { kind: 'invalid', text: string }

export function storefrontLink (origin: string, listingId: string): string {
  return `${origin.replace(/\/+$/, '')}/shop/${encodeURIComponent(listingId)}`
}

/** The listing's link crediting `promoter`; throws on anything but a 0x address. */
export function referralLink (origin: string, listingId: string, promoter: string): string {
  const address = promoter.trim()
  if (!isAddress(address)) throw new InvalidReferralError(`"${promoter}" is not an Ethereum address (0x and 40 hex digits).`)
  return `${storefrontLink(origin, listingId)}?ref=${toChecksumAddress(address)}`
}

export function promoterPageLink (origin: string, promoter: string): string {
  return `${origin.replace(/\/+$/, '')}/shop/promoters/${toChecksumAddress(promoter)}`
}

/** The `ref` of a page's query string. A bad one is reported, never silently dropped or paid. */
export function parseReferral (search: string): Referral {
  const text = new URLSearchParams(search).get('ref')
  if (text === null || text.trim() === '') return { kind: 'none' }
  if (!isAddress(text.trim())) return { kind: 'invalid', text }
  const promoter = toChecksumAddress(text.trim())
  // The zero address means "nobody"; treat it as no referral.
  return /^0x0{40}$/i.test(promoter) ? { kind: 'none' } : { kind: 'valid', promoter }
}

export class InvalidReferralError extends Error {
  override name = 'InvalidReferralError'
}
