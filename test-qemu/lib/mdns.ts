// Asks a guest for <name>.local over mDNS without touching any real interface: the guest's
// second NIC is a QEMU `socket,udp=` netdev, whose Ethernet frames travel as UDP datagrams on
// loopback. We write the query frame (Ethernet → IPv6 → UDP → DNS) to ff02::fb ourselves and
// read the responder's answer frames back.
import { createSocket } from 'node:dgram'

const OUR_MAC = Buffer.from([0x02, 0x00, 0x00, 0x00, 0x00, 0x02])
// fe80::2, our link-local source address.
const OUR_ADDRESS = Buffer.from('fe800000000000000000000000000002', 'hex')
const MDNS_GROUP = Buffer.from('ff0200000000000000000000000000fb', 'hex')
const MDNS_MAC = Buffer.from([0x33, 0x33, 0x00, 0x00, 0x00, 0xfb])

function encodeName (name: string): Buffer {
  const labels = name.split('.').map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)]))
  return Buffer.concat([...labels, Buffer.from([0])])
}

/** The Internet checksum over the IPv6 pseudo-header and the UDP datagram. */
function udpChecksum (source: Buffer, destination: Buffer, udp: Buffer): number {
  const pseudo = Buffer.alloc(40)
  source.copy(pseudo, 0)
  destination.copy(pseudo, 16)
  pseudo.writeUInt32BE(udp.length, 32)
  pseudo.writeUInt8(17, 39)
  const data = Buffer.concat([pseudo, udp, Buffer.alloc(udp.length % 2)])
  let sum = 0
  for (let i = 0; i < data.length; i += 2) sum += data.readUInt16BE(i)
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return (~sum & 0xffff) || 0xffff
}

export function queryFrame (name: string, type: 'A' | 'AAAA'): Buffer {
  const dns = Buffer.concat([
    Buffer.from([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), // id 0, flags 0, one question
    encodeName(name),
    Buffer.from([0, type === 'A' ? 1 : 28, 0, 1])
  ])
  const udp = Buffer.alloc(8 + dns.length)
  udp.writeUInt16BE(5353, 0)
  udp.writeUInt16BE(5353, 2)
  udp.writeUInt16BE(udp.length, 4)
  dns.copy(udp, 8)
  udp.writeUInt16BE(udpChecksum(OUR_ADDRESS, MDNS_GROUP, udp), 6)
  const ipv6 = Buffer.alloc(40)
  ipv6.writeUInt32BE(0x60000000, 0)
  ipv6.writeUInt16BE(udp.length, 4)
  ipv6.writeUInt8(17, 6)
  ipv6.writeUInt8(255, 7)
  OUR_ADDRESS.copy(ipv6, 8)
  MDNS_GROUP.copy(ipv6, 24)
  return Buffer.concat([MDNS_MAC, OUR_MAC, Buffer.from([0x86, 0xdd]), ipv6, udp])
}

/** The DNS payload of an mDNS answer frame (UDP source port 5353), or undefined. */
export function mdnsPayload (frame: Buffer): Buffer | undefined {
  if (frame.length < 14 + 40 + 8) return undefined
  const etherType = frame.readUInt16BE(12)
  let udpStart: number
  if (etherType === 0x86dd && frame.readUInt8(14 + 6) === 17) udpStart = 14 + 40
  else if (etherType === 0x0800 && frame.readUInt8(14 + 9) === 17) udpStart = 14 + (frame.readUInt8(14) & 0x0f) * 4
  else return undefined
  if (frame.readUInt16BE(udpStart) !== 5353) return undefined
  return frame.subarray(udpStart + 8)
}

/** Whether a DNS message is a response that carries an answer record for `name`. */
export function answersFor (dns: Buffer, name: string): boolean {
  if (dns.length < 12 || (dns.readUInt16BE(2) & 0x8000) === 0 || dns.readUInt16BE(6) === 0) return false
  return dns.includes(encodeName(name).subarray(0, -1))
}

/**
 * Sends the query every second from `localPort` to QEMU's `remotePort` until an answer for
 * `name` arrives; resolves with the answer's DNS payload.
 */
export async function resolveOverMdns (name: string, localPort: number, remotePort: number, timeoutMs: number): Promise<Buffer> {
  const socket = createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(localPort, '127.0.0.1', resolve))
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`no mDNS answer for ${name} within ${timeoutMs / 1000}s`)) }, timeoutMs)
      const send = (): void => { socket.send(queryFrame(name, 'AAAA'), remotePort, '127.0.0.1') }
      const resend = setInterval(send, 1000)
      socket.on('message', (frame) => {
        const dns = mdnsPayload(frame)
        if (dns !== undefined && answersFor(dns, name)) {
          clearTimeout(timer)
          clearInterval(resend)
          resolve(dns)
        }
      })
      send()
    })
  } finally {
    socket.close()
  }
}
