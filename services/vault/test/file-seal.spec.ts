import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { loadSodium } from '../src/sodium.ts'
import { cids, metadata, randomKey, startTestVault } from './fixtures/vault.ts'
import type { TestVault } from './fixtures/vault.ts'

describe('POST /files/<cid>/seal', async () => {
  const sodium = await loadSodium()
  let vault: TestVault
  const key = randomKey()
  before(async () => {
    vault = await startTestVault()
    await vault.send('PUT', `/files/${cids.a}`, { json: { key, metadata } })
  })
  after(async () => { await vault.remove() })

  it('seals the file key so that only the recipient opens it (crypto_box_seal_open)', async () => {
    const buyer = sodium.crypto_box_keypair()
    const response = await vault.send('POST', `/files/${cids.a}/seal`, { json: { recipientPublicKey: Buffer.from(buyer.publicKey).toString('base64url') } })
    assert.equal(response.status, 200)
    assert.doesNotMatch(response.text, new RegExp(key))
    const sealed = Buffer.from(response.json.sealedKey, 'base64url')
    assert.equal(sealed.byteLength, 32 + sodium.crypto_box_SEALBYTES)
    const opened = sodium.crypto_box_seal_open(sealed, buyer.publicKey, buyer.privateKey)
    assert.equal(Buffer.from(opened).toString('base64url'), key)
    const stranger = sodium.crypto_box_keypair()
    assert.throws(() => sodium.crypto_box_seal_open(sealed, stranger.publicKey, stranger.privateKey))
  })

  it('refuses a public key of the wrong length or encoding, naming recipientPublicKey', async () => {
    for (const recipientPublicKey of [Buffer.alloc(31, 9).toString('base64url'), Buffer.alloc(33, 9).toString('base64url'), 'not base64!', 42]) {
      const response = await vault.send('POST', `/files/${cids.a}/seal`, { json: { recipientPublicKey } })
      assert.equal(response.status, 400)
      assert.equal(response.json.error.name, 'InvalidInputError')
      assert.equal(response.json.error.details.field, 'recipientPublicKey')
    }
  })

  it('refuses a low-order public key that would seal to nobody', async () => {
    const response = await vault.send('POST', `/files/${cids.a}/seal`, { json: { recipientPublicKey: Buffer.alloc(32).toString('base64url') } })
    assert.equal(response.status, 400)
    assert.equal(response.json.error.details.field, 'recipientPublicKey')
  })

  it('answers 404 FileKeyNotFoundError for a CID it holds no key for', async () => {
    const buyer = sodium.crypto_box_keypair()
    const response = await vault.send('POST', `/files/${cids.b}/seal`, { json: { recipientPublicKey: Buffer.from(buyer.publicKey).toString('base64url') } })
    assert.equal(response.status, 404)
    assert.equal(response.json.error.name, 'FileKeyNotFoundError')
  })
})
