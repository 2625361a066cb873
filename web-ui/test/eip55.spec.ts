import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { getAddress } from 'viem'
import { hasValidChecksum, InvalidAddressError, isAddress, toChecksumAddress } from '../src/lib/eip55.ts'

// The test vectors of EIP-55.
const vectors = [
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'
]

describe('EIP-55 checksum', () => {
  it('reproduces every EIP-55 test vector from lower and upper case', () => {
    for (const vector of vectors) {
      const body = vector.slice(2)
      assert.equal(toChecksumAddress(`0x${body.toLowerCase()}`), vector)
      assert.equal(toChecksumAddress(`0x${body.toUpperCase()}`), vector)
      assert.ok(hasValidChecksum(vector))
    }
  })

  it('agrees with viem on random addresses', () => {
    for (let round = 0; round < 200; round++) {
      const lower = `0x${randomBytes(20).toString('hex')}`
      assert.equal(toChecksumAddress(lower), getAddress(lower))
    }
  })

  it('spots a wrong checksum and refuses what is not an address', () => {
    assert.equal(hasValidChecksum('0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), false)
    assert.equal(isAddress('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe'), false)
    assert.throws(() => toChecksumAddress('5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), InvalidAddressError)
    assert.throws(() => toChecksumAddress('0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), InvalidAddressError)
  })
})
