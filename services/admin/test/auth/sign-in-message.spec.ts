import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createSiweMessage } from 'viem/siwe'
import { parseSignInBody } from '../../src/auth/sign-in-message.ts'

const address = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
const issuedAt = new Date('2025-01-02T03:04:05.000Z')
const message = createSiweMessage({
  domain: 'pc2.local',
  address,
  statement: 'Sign in to PC2.',
  uri: 'http://pc2.local/',
  version: '1',
  chainId: 1,
  nonce: '0123456789abcdef',
  issuedAt,
  expirationTime: new Date(issuedAt.getTime() + 60_000)
})

describe('parseSignInBody', () => {
  it('reads every field the checks need from EIP-4361 text', () => {
    const parsed = parseSignInBody({ message, signature: '0x12' })
    assert.deepEqual(parsed, {
      text: message,
      signature: '0x12',
      address,
      domain: 'pc2.local',
      uri: 'http://pc2.local/',
      chainId: 1,
      nonce: '0123456789abcdef',
      issuedAt,
      expirationTime: new Date('2025-01-02T03:05:05.000Z'),
      notBefore: undefined
    })
  })

  it('refuses anything that is not a complete version-1 message, naming what is wrong', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /the body must be/],
      [{ message }, /the body must be/],
      [{ message: 'hi', signature: '0x' }, /not EIP-4361 text: no domain, address, uri, version, chainId, nonce, issuedAt/],
      [{ message: message.replace('\nChain ID: 1', ''), signature: '0x' }, /not EIP-4361 text/],
      [{ message: message.replace('Version: 1', 'Version: 2'), signature: '0x' }, /version 1/],
      [{ message: message.replace(address, address.toLowerCase().replace('5aaeb', '5AAEb')), signature: '0x' }, /EIP-55/],
      [{ message: message.replace('2025-01-02T03:05:05.000Z', '2025-13-02T03:05:05Z'), signature: '0x' }, /Expiration Time is not an RFC 3339 time/],
      [{ message: message.replace('URI: http://pc2.local/', 'URI: not a uri'), signature: '0x' }, /URI is not a URI/],
      [{ message: `${message}${' '.repeat(5000)}`, signature: '0x' }, /at most 4096/]
    ]
    for (const [body, problem] of cases) {
      assert.throws(() => parseSignInBody(body), (error: Error) => {
        assert.equal(error.name, 'InvalidInputError')
        assert.match(error.message, problem)
        return true
      }, JSON.stringify(body))
    }
  })
})
