// The one-time claim code an unclaimed node shows on its console: 8 characters from 32
// that cannot be mistaken for each other (no 0/O, no 1/I), so 40 bits, shown as XXXX-XXXX.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const claimCodeAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A code as generate writes it: XXXX-XXXX from the alphabet. */
export const claimCodePattern = new RegExp(`^[${claimCodeAlphabet}]{4}-[${claimCodeAlphabet}]{4}$`)

export function generateClaimCode (): string {
  // 32 divides 256, so taking each byte modulo 32 favours no character.
  const characters = [...randomBytes(8)].map((byte) => claimCodeAlphabet[byte % 32] ?? '')
  return `${characters.slice(0, 4).join('')}-${characters.slice(4).join('')}`
}

/**
 * Whether what the owner typed is the code: case, spaces and the dash do not matter. The
 * comparison takes the same time wherever the first difference is, so that response times
 * do not reveal how much of a guess was right.
 */
export function claimCodeMatches (expected: string, typed: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text.replace(/[\s-]/g, '').toUpperCase()).digest()
  return timingSafeEqual(digest(expected), digest(typed))
}
