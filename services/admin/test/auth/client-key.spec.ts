import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { clientKey, expandIPv6 } from '../../src/auth/client-key.ts'

describe('client key', () => {
  it('is the IPv4 address, also when it arrives IPv4-mapped', () => {
    assert.equal(clientKey('192.168.1.20'), '192.168.1.20')
    assert.equal(clientKey('::ffff:192.168.1.20'), '192.168.1.20')
    assert.equal(clientKey(undefined), 'unknown')
  })

  it('is the /64 of an IPv6 client, so rotating addresses inside it does not help', () => {
    assert.equal(clientKey('2001:db8:1:2::10'), '2001:db8:1:2::/64')
    assert.equal(clientKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), '2001:db8:1:2::/64')
    assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64')
    assert.equal(clientKey('::1'), '0:0:0:0::/64')
  })

  it('expands IPv6 text to eight groups', () => {
    assert.deepEqual(expandIPv6('2001:DB8::0001'), ['2001', 'db8', '0', '0', '0', '0', '0', '1'])
    assert.deepEqual(expandIPv6('::'), ['0', '0', '0', '0', '0', '0', '0', '0'])
  })
})
