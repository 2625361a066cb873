// The key rate limits count under. An IPv4 client is its address; an IPv6 client is its /64,
// because one host commonly holds a whole /64 and could otherwise rotate addresses at will.

import { isIPv6 } from 'node:net'

export function clientKey (remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'unknown'
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress)
  if (mapped?.[1] !== undefined) return mapped[1]
  if (!isIPv6(remoteAddress)) return remoteAddress
  return `${expandIPv6(remoteAddress).slice(0, 4).join(':')}::/64`
}

/** The eight groups of an IPv6 address (zone dropped), as lower-case hex without leading zeros. */
export function expandIPv6 (address: string): string[] {
  const [head = '', tail] = address.split('%')[0]?.toLowerCase().split('::') ?? []
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const missing = tail === undefined ? 0 : 8 - left.length - right.length
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right].map((group) => parseInt(group, 16).toString(16))
}
