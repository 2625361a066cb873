import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import sodium from 'libsodium-wrappers'
import { privateKeyToAccount } from 'viem/accounts'
import { buyerKeyMessage, buyerKeySeed } from '../../src/shop/buyer-key.ts'

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const scope = { chainId: 31337, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' }

async function keyPair (signature: string): Promise<{ publicKey: Uint8Array, secretKey: Uint8Array }> {
  await sodium.ready
  const { publicKey, privateKey } = sodium.crypto_box_seed_keypair(await buyerKeySeed(signature))
  return { publicKey, secretKey: privateKey }
}

describe('buyer key', () => {
  it('names the chain and the contract (lower case) in the message', () => {
    const message = buyerKeyMessage(scope)
    assert.match(message, /Chain: 31337/)
    assert.match(message, /Contract: 0x5fbdb2315678afecb367f032d93f642f64180aa3/)
    assert.notEqual(message, buyerKeyMessage({ ...scope, chainId: 1 }))
  })

  it('gives the same key pair for the same wallet and message, and a key that opens sealed boxes', async () => {
    const first = await keyPair(await account.signMessage({ message: buyerKeyMessage(scope) }))
    const again = await keyPair(await account.signMessage({ message: buyerKeyMessage(scope) }))
    assert.deepEqual(first.publicKey, again.publicKey)
    const fileKey = new Uint8Array(32).fill(7)
    const sealed = sodium.crypto_box_seal(fileKey, first.publicKey)
    assert.equal(sealed.length, 80)
    assert.deepEqual(sodium.crypto_box_seal_open(sealed, again.publicKey, again.secretKey), fileKey)
  })

  it('gives another key for another shop deployment', async () => {
    const here = await keyPair(await account.signMessage({ message: buyerKeyMessage(scope) }))
    const elsewhere = await keyPair(await account.signMessage({ message: buyerKeyMessage({ ...scope, contract: `0x${'1'.repeat(40)}` }) }))
    assert.notDeepEqual(here.publicKey, elsewhere.publicKey)
  })

  it('refuses anything but a 65-byte hex signature', async () => {
    for (const bad of ['0x', `0x${'ab'.repeat(64)}`, 'ab'.repeat(65), `0x${'zz'.repeat(65)}`]) {
      await assert.rejects(buyerKeySeed(bad), { name: 'InvalidBuyerSignatureError' }, bad)
    }
  })
})
