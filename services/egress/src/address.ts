// Addresses and blocks as the owner writes them ("10.0.2.100", "192.168.0.0/16",
// "2001:db8::/32"), checked and put in canonical form: an address with host bits set under
// its prefix is refused rather than silently widened.

import { isIPv4, isIPv6 } from 'node:net'
import { InvalidInputError } from '@pc2/core'
import type { AddressBlock, IpFamily } from './nft/ruleset.ts'

export function parseAddressBlock (text: string, field = 'address'): AddressBlock {
  const [address = '', prefixText, extra] = text.trim().split('/')
  if (extra !== undefined) throw new InvalidInputError(`${field} ${JSON.stringify(text)} has more than one "/"`, { details: { field } })
  const family: IpFamily | undefined = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined
  if (family === undefined) throw new InvalidInputError(`${field} ${JSON.stringify(text)} is not an IPv4 or IPv6 address or block`, { details: { field } })
  const bits = family === 'ipv4' ? 32 : 128
  const value = family === 'ipv4' ? ipv4ToBigInt(address) : ipv6ToBigInt(address)
  if (prefixText === undefined) return { family, text: formatAddress(family, value) }
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    throw new InvalidInputError(`${field} ${JSON.stringify(text)}: the prefix length must be 0-${bits}`, { details: { field } })
  }
  const prefix = Number(prefixText)
  const hostMask = (1n << BigInt(bits - prefix)) - 1n
  if ((value & hostMask) !== 0n) {
    const network = formatAddress(family, value & ~hostMask & ((1n << BigInt(bits)) - 1n))
    throw new InvalidInputError(`${field} ${JSON.stringify(text)} has host bits set; the block is ${network}/${prefix}`, { details: { field } })
  }
  if (prefix === bits) return { family, text: formatAddress(family, value) }
  return { family, text: `${formatAddress(family, value)}/${prefix}` }
}

function ipv4ToBigInt (address: string): bigint {
  return address.split('.').reduce((sum, part) => (sum << 8n) | BigInt(Number(part)), 0n)
}

function ipv6ToBigInt (address: string): bigint {
  let text = address
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4 !== null) {
    const value = ipv4ToBigInt(v4[1]!)
    text = `${text.slice(0, v4.index)}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const headParts = head === '' ? [] : head.split(':')
  const tailParts = tail === undefined || tail === '' ? [] : tail.split(':')
  const missing = 8 - headParts.length - tailParts.length
  const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts]
  return parts.reduce((sum, part) => (sum << 16n) | BigInt(Number.parseInt(part, 16)), 0n)
}

function formatAddress (family: IpFamily, value: bigint): string {
  if (family === 'ipv4') return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.')
  const parts = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((value >> shift) & 0xffffn))
  // RFC 5952: the longest run (≥ 2) of zero hextets becomes "::".
  let bestStart = -1
  let bestLength = 0
  for (let start = 0; start < 8;) {
    if (parts[start] !== 0) { start++; continue }
    let end = start
    while (end < 8 && parts[end] === 0) end++
    if (end - start > bestLength && end - start >= 2) { bestStart = start; bestLength = end - start }
    start = end
  }
  const hex = parts.map((part) => part.toString(16))
  if (bestStart === -1) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

/** True when `text` is an address or block (not a host name). */
export function isAddressText (text: string): boolean {
  const address = text.split('/')[0] ?? ''
  return isIPv4(address) || isIPv6(address)
}

/** The block as numbers: its first address, its prefix length and the family's width. */
export function blockBits (block: AddressBlock): { value: bigint, prefix: number, bits: number } {
  const [address = '', prefix] = block.text.split('/')
  const bits = block.family === 'ipv4' ? 32 : 128
  return { value: block.family === 'ipv4' ? ipv4ToBigInt(address) : ipv6ToBigInt(address), prefix: prefix === undefined ? bits : Number(prefix), bits }
}

/** True when every address of `inner` lies in `outer`. */
export function blockCovers (outer: AddressBlock, inner: AddressBlock): boolean {
  if (outer.family !== inner.family) return false
  const a = blockBits(outer)
  const b = blockBits(inner)
  if (b.prefix < a.prefix) return false
  const shift = BigInt(a.bits - a.prefix)
  return (a.value >> shift) === (b.value >> shift)
}
