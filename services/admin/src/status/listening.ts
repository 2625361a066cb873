// Every socket that accepts traffic from outside the process: listening TCP and bound UDP,
// read from /proc/net/{tcp,tcp6,udp,udp6}. Lets the owner (and the QEMU tests) check that
// nothing listens that should not.

import type { ListeningSocket } from '@pc2/core'
import { join } from 'node:path'
import { readOptionalText } from './read.ts'

// TCP_LISTEN for TCP; TCP_CLOSE is how the kernel shows a bound, unconnected UDP socket.
const tables = [
  { file: 'tcp', protocol: 'tcp', family: 'ipv4', state: '0A' },
  { file: 'tcp6', protocol: 'tcp', family: 'ipv6', state: '0A' },
  { file: 'udp', protocol: 'udp', family: 'ipv4', state: '07' },
  { file: 'udp6', protocol: 'udp', family: 'ipv6', state: '07' }
] as const

export async function collectListening (procNet: string, options: { signal?: AbortSignal } = {}): Promise<ListeningSocket[]> {
  const sockets: ListeningSocket[] = []
  for (const table of tables) {
    // A kernel without IPv6 has no tcp6/udp6: nothing listens there.
    const text = await readOptionalText(join(procNet, table.file), options.signal)
    if (text !== undefined) sockets.push(...parseProcNet(text, table.protocol, table.family, table.state))
  }
  return sortSockets(deduplicate(sockets))
}

/** Sockets in `state` from one /proc/net table (header line first, then one socket per line). */
export function parseProcNet (text: string, protocol: 'tcp' | 'udp', family: 'ipv4' | 'ipv6', state: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = []
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/)
    const local = fields[1]
    if (local === undefined || fields[3] !== state) continue
    const [addressHex = '', portHex = ''] = local.split(':')
    const address = family === 'ipv4' ? decodeIPv4(addressHex) : decodeIPv6(addressHex)
    if (address === undefined || !/^[0-9A-Fa-f]{4}$/.test(portHex)) continue
    sockets.push({ protocol, family, address, port: parseInt(portHex, 16) })
  }
  return sockets
}

// The kernel prints addresses as 32-bit words in host byte order; every PC2 target
// (x86_64, aarch64, Raspberry Pi) is little-endian, so each word's bytes are reversed.
function wordBytes (hex: string): number[] | undefined {
  if (!/^([0-9A-Fa-f]{8})+$/.test(hex)) return undefined
  const bytes: number[] = []
  for (let word = 0; word < hex.length; word += 8) {
    for (let index = 3; index >= 0; index--) bytes.push(parseInt(hex.slice(word + index * 2, word + index * 2 + 2), 16))
  }
  return bytes
}

export function decodeIPv4 (hex: string): string | undefined {
  const bytes = hex.length === 8 ? wordBytes(hex) : undefined
  return bytes?.join('.')
}

export function decodeIPv6 (hex: string): string | undefined {
  const bytes = hex.length === 32 ? wordBytes(hex) : undefined
  return bytes === undefined ? undefined : formatIPv6(bytes)
}

/** RFC 5952 text: lower-case, no leading zeros, the longest run of 2+ zero groups as `::`. */
export function formatIPv6 (bytes: number[]): string {
  const groups = Array.from({ length: 8 }, (_, index) => ((bytes[index * 2] ?? 0) << 8) | (bytes[index * 2 + 1] ?? 0))
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `::ffff:${bytes.slice(12).join('.')}`
  }
  let bestStart = -1
  let bestLength = 1
  for (let start = 0; start < 8; start++) {
    let length = 0
    while (start + length < 8 && groups[start + length] === 0) length++
    if (length > bestLength) {
      bestStart = start
      bestLength = length
    }
  }
  const text = groups.map((group) => group.toString(16))
  if (bestStart === -1) return text.join(':')
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`
}

function deduplicate (sockets: ListeningSocket[]): ListeningSocket[] {
  const seen = new Map<string, ListeningSocket>()
  for (const socket of sockets) seen.set(`${socket.protocol} ${socket.family} ${socket.address} ${socket.port}`, socket)
  return [...seen.values()]
}

function sortSockets (sockets: ListeningSocket[]): ListeningSocket[] {
  const key = (socket: ListeningSocket): string =>
    `${socket.protocol} ${String(socket.port).padStart(5, '0')} ${socket.family} ${socket.address}`
  return sockets.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}
