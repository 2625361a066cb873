import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { recoverMessageAddress } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { parseSiweMessage, validateSiweMessage } from 'viem/siwe'
import { utf8ToHex } from '../src/lib/hex.ts'
import { proveWalletOwnership } from '../src/lib/sign-in.ts'
import type { SignInStage } from '../src/lib/sign-in.ts'
import { personalSign, requestAccount, WalletBusyError, WalletError, WalletMissingError, WalletRejectedError } from '../src/lib/wallet.ts'
import type { Eip1193Provider } from '../src/lib/wallet.ts'

// Anvil's first well-known test key; never holds anything.
const account = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')

/** An EIP-1193 wallet backed by a real key, answering in lower case as many wallets do. */
function testWallet (requests: string[] = []): Eip1193Provider {
  return {
    request: async ({ method, params }) => {
      requests.push(method)
      if (method === 'eth_requestAccounts') return [account.address.toLowerCase()]
      if (method === 'personal_sign') {
        const [message, address] = params as [`0x${string}`, string]
        assert.equal(address, account.address)
        return await account.signMessage({ message: { raw: message } })
      }
      throw Object.assign(new Error(`unsupported ${method}`), { code: 4200 })
    }
  }
}

function failingWallet (error: unknown): Eip1193Provider {
  return { request: async () => { throw error } }
}

describe('wallet', () => {
  it('hex-encodes UTF-8 for personal_sign', () => {
    assert.equal(utf8ToHex('hi'), '0x6869')
    assert.equal(utf8ToHex('…'), '0xe280a6')
    assert.equal(utf8ToHex(''), '0x')
  })

  it('checksums the account the wallet shares', async () => {
    assert.equal(await requestAccount(testWallet()), account.address)
  })

  it('turns EIP-1193 errors into named errors', async () => {
    await assert.rejects(requestAccount(failingWallet({ code: 4001, message: 'User rejected the request.' })), WalletRejectedError)
    await assert.rejects(requestAccount(failingWallet({ code: -32002, message: 'Already processing.' })), WalletBusyError)
    await assert.rejects(requestAccount(failingWallet(new Error('boom'))), WalletError)
    await assert.rejects(requestAccount({ request: async () => [] }), { name: 'WalletError', message: 'The wallet did not share an account.' })
    await assert.rejects(personalSign({ request: async () => null }, 'x', account.address), { name: 'WalletError' })
  })

  it('proves ownership with a message the node accepts, reporting each stage', async () => {
    const requests: string[] = []
    const stages: SignInStage[] = []
    const now = new Date('2025-06-01T12:00:00.000Z')
    const proof = await proveWalletOwnership({
      statement: 'Sign in to PC2.',
      origin: { host: 'pc2.local', origin: 'http://pc2.local' },
      fetchNonce: async () => ({ nonce: 'Zx81kq0PnaTT4e2m', chainId: 1, expiresAt: '2025-06-01T12:10:00.000Z' }),
      onStage: (stage) => { stages.push(stage) },
      provider: testWallet(requests),
      now: () => now
    })
    assert.deepEqual(requests, ['eth_requestAccounts', 'personal_sign'])
    assert.deepEqual(stages, ['connecting', 'signing', 'checking'])
    assert.equal(proof.address, account.address)
    assert.equal(await recoverMessageAddress({ message: proof.message, signature: proof.signature as `0x${string}` }), account.address)
    const fields = parseSiweMessage(proof.message)
    assert.equal(fields.expirationTime?.getTime(), now.getTime() + 5 * 60_000)
    assert.ok(validateSiweMessage({ message: fields, domain: 'pc2.local', nonce: 'Zx81kq0PnaTT4e2m', address: account.address, time: new Date(now.getTime() + 60_000) }))
  })

  it('says so when there is no wallet at all', async () => {
    await assert.rejects(proveWalletOwnership({
      statement: 'x',
      origin: { host: 'pc2.local', origin: 'http://pc2.local' },
      fetchNonce: async () => { throw new Error('must not be asked') }
    }), WalletMissingError)
  })
})
