import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createPcapReader, decodeIpHeader, PcapFormatError } from '../src/nflog/pcap.ts'
import type { RefusedPacket } from '../src/nflog/pcap.ts'

function tlv (type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4)
  header.writeUInt16LE(4 + value.byteLength, 0)
  header.writeUInt16LE(type, 2)
  const padding = Buffer.alloc((4 - (value.byteLength % 4)) % 4)
  return Buffer.concat([header, value, padding])
}

function ipv4Tcp (destination: number[], port: number): Buffer {
  const packet = Buffer.alloc(40)
  packet[0] = 0x45
  packet[9] = 6
  Buffer.from(destination).copy(packet, 16)
  packet.writeUInt16BE(port, 22)
  return packet
}

function pcap (records: Buffer[]): Buffer {
  const header = Buffer.alloc(24)
  header.writeUInt32LE(0xa1b2c3d4, 0)
  header.writeUInt32LE(262144, 16)
  header.writeUInt32LE(239, 20)
  return Buffer.concat([header, ...records.map((record, index) => {
    const recordHeader = Buffer.alloc(16)
    recordHeader.writeUInt32LE(1_800_000_000 + index, 0)
    recordHeader.writeUInt32LE(250_000, 4)
    recordHeader.writeUInt32LE(record.byteLength, 8)
    recordHeader.writeUInt32LE(record.byteLength, 12)
    return Buffer.concat([recordHeader, record])
  })])
}

describe('reading NFLOG packets from pcap', () => {
  it('gives each refused packet its rule\'s prefix, destination and port, however the stream is cut', () => {
    const nflog = (prefix: string, port: number): Buffer => Buffer.concat([Buffer.from([2, 0, 0, 7]), tlv(10, Buffer.from(`${prefix}\0`)), tlv(9, ipv4Tcp([10, 0, 2, 2], port))])
    const stream = pcap([nflog('pc2-egress pc2-shop ', 4001), nflog('pc2-egress other ', 22)])
    for (const size of [1, 7, 64, stream.byteLength]) {
      const packets: RefusedPacket[] = []
      const read = createPcapReader((packet) => packets.push(packet))
      for (let offset = 0; offset < stream.byteLength; offset += size) read(stream.subarray(offset, offset + size))
      assert.deepEqual(packets, [
        { prefix: 'pc2-egress pc2-shop ', at: 1_800_000_000_250, family: 'ipv4', protocol: 'tcp', destination: '10.0.2.2', port: 4001 },
        { prefix: 'pc2-egress other ', at: 1_800_000_001_250, family: 'ipv4', protocol: 'tcp', destination: '10.0.2.2', port: 22 }
      ])
    }
  })

  it('refuses a stream that is not NFLOG', () => {
    const stream = pcap([])
    stream.writeUInt32LE(1, 20)
    assert.throws(() => { createPcapReader(() => {})(stream) }, PcapFormatError)
  })

  it('reads IPv6 past extension headers', () => {
    const packet = Buffer.alloc(56)
    packet[0] = 0x60
    packet[6] = 0 // hop-by-hop options first
    Buffer.from('ff020000000000000000000000000016', 'hex').copy(packet, 24)
    packet[40] = 17 // then UDP
    packet[41] = 0
    packet.writeUInt16BE(5353, 50)
    assert.deepEqual(decodeIpHeader(packet), { family: 'ipv6', protocol: 'udp', destination: 'ff02::16', port: 5353 })
  })
})
