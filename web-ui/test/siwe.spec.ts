import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createSiweMessage, parseSiweMessage } from 'viem/siwe'
import { formatSiweMessage, SiweFieldError } from '../src/lib/siwe.ts'
import type { SiweMessageFields } from '../src/lib/siwe.ts'

// The example of EIP-4361 itself, less its Resources (which the UI never sends), and with
// the milliseconds Date#toISOString always writes.
const eipExample = {
  fields: {
    domain: 'service.org',
    address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
    statement: 'I accept the ServiceOrg Terms of Service: https://service.org/tos',
    uri: 'https://service.org/login',
    chainId: 1,
    nonce: '32891756',
    issuedAt: new Date('2021-09-30T16:25:24Z')
  } satisfies SiweMessageFields,
  text: [
    'service.org wants you to sign in with your Ethereum account:',
    '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2',
    '',
    'I accept the ServiceOrg Terms of Service: https://service.org/tos',
    '',
    'URI: https://service.org/login',
    'Version: 1',
    'Chain ID: 1',
    'Nonce: 32891756',
    'Issued At: 2021-09-30T16:25:24.000Z'
  ].join('\n')
}

const nodeSignIn: SiweMessageFields = {
  domain: '127.0.0.1:8080',
  address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  statement: 'Sign in to PC2.',
  uri: 'http://127.0.0.1:8080',
  chainId: 8453,
  nonce: 'k3Jd9QwZpL0aXr7T',
  issuedAt: new Date('2025-01-02T03:04:05.678Z'),
  expirationTime: new Date('2025-01-02T03:09:05.678Z')
}

describe('formatSiweMessage', () => {
  it('writes the EIP-4361 example exactly', () => {
    assert.equal(formatSiweMessage(eipExample.fields), eipExample.text)
  })

  it('writes what a PC2 node is sent, line by line', () => {
    assert.equal(formatSiweMessage(nodeSignIn), [
      '127.0.0.1:8080 wants you to sign in with your Ethereum account:',
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '',
      'Sign in to PC2.',
      '',
      'URI: http://127.0.0.1:8080',
      'Version: 1',
      'Chain ID: 8453',
      'Nonce: k3Jd9QwZpL0aXr7T',
      'Issued At: 2025-01-02T03:04:05.678Z',
      'Expiration Time: 2025-01-02T03:09:05.678Z'
    ].join('\n'))
  })

  it('is byte for byte what viem writes, with and without a statement', () => {
    for (const fields of [nodeSignIn, eipExample.fields, { ...nodeSignIn, statement: undefined }, { ...nodeSignIn, domain: 'pc2.local', uri: 'http://pc2.local' }]) {
      assert.equal(formatSiweMessage(fields), createSiweMessage({ ...fields, address: fields.address as `0x${string}`, version: '1' }))
    }
  })

  it('parses back with viem (the parser pc2-admin uses) to the same fields', () => {
    const parsed = parseSiweMessage(formatSiweMessage(nodeSignIn))
    assert.deepEqual(parsed, { ...nodeSignIn, version: '1' })
  })

  it('refuses fields that would make a different or unparsable message', () => {
    assert.throws(() => formatSiweMessage({ ...nodeSignIn, statement: 'two\nlines' }), SiweFieldError)
    assert.throws(() => formatSiweMessage({ ...nodeSignIn, nonce: 'short' }), SiweFieldError)
    assert.throws(() => formatSiweMessage({ ...nodeSignIn, nonce: 'has-a-dash-in-it' }), SiweFieldError)
    assert.throws(() => formatSiweMessage({ ...nodeSignIn, address: '0x1234' }), SiweFieldError)
    assert.throws(() => formatSiweMessage({ ...nodeSignIn, domain: 'pc2 .local' }), SiweFieldError)
    assert.throws(() => formatSiweMessage({ ...nodeSignIn, chainId: 0 }), SiweFieldError)
  })
})
