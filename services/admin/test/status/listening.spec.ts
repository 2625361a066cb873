import assert from 'node:assert/strict'
import { createSocket } from 'node:dgram'
import { once } from 'node:events'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, it } from 'node:test'
import { collectListening, decodeIPv4, decodeIPv6, formatIPv6, parseProcNet } from '../../src/status/listening.ts'
import { tcp, tcp6 } from '../fixtures/proc-text.ts'
import { createFixtureSystem } from '../fixtures/system.ts'

describe('listening', () => {
  it('decodes little-endian IPv4 words', () => {
    assert.equal(decodeIPv4('0100007F'), '127.0.0.1')
    assert.equal(decodeIPv4('00000000'), '0.0.0.0')
    assert.equal(decodeIPv4('0F02000A'), '10.0.2.15')
    assert.equal(decodeIPv4('0100007'), undefined)
    assert.equal(decodeIPv4('0100007G'), undefined)
  })

  it('decodes IPv6 as four little-endian words into RFC 5952 text', () => {
    assert.equal(decodeIPv6('00000000000000000000000000000000'), '::')
    assert.equal(decodeIPv6('00000000000000000000000001000000'), '::1')
    assert.equal(decodeIPv6('0000000000000000FFFF00000100007F'), '::ffff:127.0.0.1')
    assert.equal(decodeIPv6('000080FE000000000000000001000000'), 'fe80::1')
    assert.equal(decodeIPv6('B80D0120000000000000000000000000'), '2001:db8::')
    assert.equal(decodeIPv6('0000000'), undefined)
  })

  it('compresses the longest zero run, the first on a tie, and never a single zero group', () => {
    const bytes = (groups: number[]): number[] => groups.flatMap((group) => [group >> 8, group & 0xff])
    assert.equal(formatIPv6(bytes([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])), '2001:db8::1:0:0:1')
    assert.equal(formatIPv6(bytes([0x2001, 0xdb8, 0, 0, 0, 1, 0, 0])), '2001:db8::1:0:0')
    assert.equal(formatIPv6(bytes([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])), '2001:db8:0:1:1:1:1:1')
    assert.equal(formatIPv6(bytes([1, 0, 0, 0, 0, 0, 0, 0])), '1::')
  })

  it('keeps only listening TCP sockets', () => {
    assert.deepEqual(parseProcNet(tcp, 'tcp', 'ipv4', '0A'), [
      { protocol: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 80 },
      { protocol: 'tcp', family: 'ipv4', address: '127.0.0.1', port: 5001 },
      { protocol: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 80 }
    ])
    assert.equal(parseProcNet(tcp6, 'tcp', 'ipv6', '0A').length, 3)
  })

  it('collects all four tables, deduplicated and sorted by protocol and port', async () => {
    const fixture = await createFixtureSystem()
    try {
      assert.deepEqual(await collectListening(fixture.paths.procNet), [
        { protocol: 'tcp', family: 'ipv6', address: '::ffff:127.0.0.1', port: 53 },
        { protocol: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 80 },
        { protocol: 'tcp', family: 'ipv6', address: '::', port: 80 },
        { protocol: 'tcp', family: 'ipv4', address: '127.0.0.1', port: 5001 },
        { protocol: 'tcp', family: 'ipv6', address: '::1', port: 8080 },
        { protocol: 'udp', family: 'ipv4', address: '0.0.0.0', port: 5353 },
        { protocol: 'udp', family: 'ipv6', address: 'fe80::1', port: 5353 }
      ])
    } finally {
      await fixture.remove()
    }
  })

  it('treats a missing table (no IPv6) as nothing listening there', async () => {
    assert.deepEqual(await collectListening('/nonexistent/proc/net'), [])
  })

  it('finds real sockets of this process in the real /proc/net', async () => {
    const server = createServer()
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    const udp = createSocket('udp4')
    udp.bind(0, '127.0.0.1')
    await once(udp, 'listening')
    try {
      const tcpPort = (server.address() as AddressInfo).port
      const udpPort = udp.address().port
      const sockets = await collectListening('/proc/net')
      assert.ok(sockets.some((s) => s.protocol === 'tcp' && s.family === 'ipv4' && s.address === '127.0.0.1' && s.port === tcpPort))
      assert.ok(sockets.some((s) => s.protocol === 'udp' && s.family === 'ipv4' && s.address === '127.0.0.1' && s.port === udpPort))
    } finally {
      server.close()
      udp.close()
    }
  })
})
