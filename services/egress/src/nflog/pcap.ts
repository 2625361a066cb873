// Reading refused packets out of a pcap stream of an NFLOG group (what `tcpdump -i
// nflog:<group> -w -` writes): the pcap records (libpcap format, link type NFLOG = 239),
// each an nflog header and TLVs (the rule's log prefix, the packet), and the packet's IPv4
// or IPv6 header (destination address, protocol, destination port).

import { parseAddressBlock } from '../address.ts'

export interface RefusedPacket {
  /** The log prefix of the rule that refused it, e.g. "pc2-egress pc2-shop ". */
  prefix: string
  family: 'ipv4' | 'ipv6'
  protocol: string
  destination: string
  /** Destination port for TCP and UDP. */
  port?: number
  /** Capture time, milliseconds since the epoch. */
  at: number
}

const linkTypeNflog = 239
const nfulaPayload = 9
const nfulaPrefix = 10

export class PcapFormatError extends Error {
  override name = 'PcapFormatError'
}

/** Feeds chunks of a pcap stream; calls `onPacket` for each refused IP packet in it. */
export function createPcapReader (onPacket: (packet: RefusedPacket) => void): (chunk: Buffer) => void {
  let buffer: Buffer = Buffer.alloc(0)
  let little: boolean | undefined
  let nanoseconds = false
  return (chunk) => {
    buffer = buffer.byteLength === 0 ? chunk : Buffer.concat([buffer, chunk])
    if (little === undefined) {
      if (buffer.byteLength < 24) return
      const magic = buffer.readUInt32LE(0)
      if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) little = true
      else if (buffer.readUInt32BE(0) === 0xa1b2c3d4 || buffer.readUInt32BE(0) === 0xa1b23c4d) little = false
      else throw new PcapFormatError(`not a pcap stream (magic 0x${magic.toString(16)})`)
      nanoseconds = (little ? magic : buffer.readUInt32BE(0)) === 0xa1b23c4d
      const linkType = little ? buffer.readUInt32LE(20) : buffer.readUInt32BE(20)
      if ((linkType & 0x0fffffff) !== linkTypeNflog) throw new PcapFormatError(`pcap link type ${linkType} is not NFLOG (${linkTypeNflog})`)
      buffer = buffer.subarray(24)
    }
    const u32 = (offset: number): number => (little === true ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset))
    while (buffer.byteLength >= 16) {
      const captured = u32(8)
      if (buffer.byteLength < 16 + captured) break
      const at = u32(0) * 1000 + Math.floor(u32(4) / (nanoseconds ? 1_000_000 : 1000))
      const packet = decodeNflog(buffer.subarray(16, 16 + captured), at)
      if (packet !== undefined) onPacket(packet)
      buffer = buffer.subarray(16 + captured)
    }
  }
}

/**
 * One NFLOG record: a 4-byte header (address family, version, resource id) and TLVs whose
 * length and type are in host byte order, each padded to 4 bytes.
 */
export function decodeNflog (record: Buffer, at: number): RefusedPacket | undefined {
  if (record.byteLength < 4) return undefined
  let prefix = ''
  let payload: Buffer | undefined
  for (let offset = 4; offset + 4 <= record.byteLength;) {
    const length = record.readUInt16LE(offset)
    const type = record.readUInt16LE(offset + 2) & 0x7fff
    if (length < 4 || offset + length > record.byteLength) break
    const value = record.subarray(offset + 4, offset + length)
    if (type === nfulaPrefix) prefix = value.toString('latin1').replace(/\0.*$/s, '')
    else if (type === nfulaPayload) payload = value
    offset += (length + 3) & ~3
  }
  if (payload === undefined) return undefined
  const header = decodeIpHeader(payload)
  return header === undefined ? undefined : { prefix, at, ...header }
}

const protocolNames: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp' }

export function decodeIpHeader (packet: Buffer): Omit<RefusedPacket, 'prefix' | 'at'> | undefined {
  if (packet.byteLength < 1) return undefined
  const version = packet[0]! >> 4
  let protocolNumber: number
  let transport: number
  let destination: string
  let family: 'ipv4' | 'ipv6'
  if (version === 4 && packet.byteLength >= 20) {
    family = 'ipv4'
    protocolNumber = packet[9]!
    transport = (packet[0]! & 0x0f) * 4
    destination = [...packet.subarray(16, 20)].join('.')
  } else if (version === 6 && packet.byteLength >= 40) {
    family = 'ipv6'
    protocolNumber = packet[6]!
    transport = 40
    // Hop-by-hop, routing, fragment and destination options headers come before the transport header.
    while ([0, 43, 44, 60].includes(protocolNumber) && packet.byteLength >= transport + 8) {
      const next = packet[transport]!
      transport += protocolNumber === 44 ? 8 : (packet[transport + 1]! + 1) * 8
      protocolNumber = next
    }
    const words: string[] = []
    for (let index = 24; index < 40; index += 2) words.push(packet.readUInt16BE(index).toString(16))
    destination = parseAddressBlock(words.join(':')).text
  } else {
    return undefined
  }
  const protocol = protocolNames[protocolNumber] ?? String(protocolNumber)
  const withPort = (protocol === 'tcp' || protocol === 'udp') && packet.byteLength >= transport + 4
  return { family, protocol, destination, ...(withPort ? { port: packet.readUInt16BE(transport + 2) } : {}) }
}
