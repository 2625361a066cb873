import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createLogger } from '@pc2/core'
import { vault as createVault } from '../src/index.ts'
import { loadSodium } from '../src/sodium.ts'
import { startTestVault } from './fixtures/vault.ts'
import type { TestVault } from './fixtures/vault.ts'

describe('GET /identity', async () => {
  const sodium = await loadSodium()
  let vault: TestVault
  before(async () => { vault = await startTestVault() })
  after(async () => { await vault.remove() })

  it('answers a 32-byte X25519 public key that stays the same across restarts', async () => {
    const first = await vault.send('GET', '/identity')
    assert.equal(first.status, 200)
    assert.equal(Buffer.from(first.json.publicKey, 'base64url').byteLength, 32)
    await vault.restart()
    assert.deepEqual((await vault.send('GET', '/identity')).json, first.json)
  })

  it('keeps the secret key wrapped, so that only the node key opens it', async () => {
    const stored = JSON.parse(await readFile(join(vault.stateDir, 'identity.json'), 'utf8'))
    assert.deepEqual(Object.keys(stored), ['publicKey', 'wrappedSecretKey', 'createdAt'])
    const nodeKey = await readFile(join(vault.stateDir, 'node.key'))
    const wrapped = Buffer.from(stored.wrappedSecretKey, 'base64url')
    const secretKey = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, wrapped.subarray(24), `pc2-vault identity ${stored.publicKey}`, wrapped.subarray(0, 24), nodeKey)
    assert.equal(Buffer.from(sodium.crypto_scalarmult_base(secretKey)).toString('base64url'), stored.publicKey)
  })

  it('refuses to start when identity.json was tampered with', async () => {
    await vault.stop()
    const path = join(vault.stateDir, 'identity.json')
    const stored = JSON.parse(await readFile(path, 'utf8'))
    const other = Buffer.from(sodium.crypto_box_keypair().publicKey).toString('base64url')
    await writeFile(path, JSON.stringify({ ...stored, publicKey: other }))
    const service = createVault({ stateDir: vault.stateDir, socketPath: vault.socketPath })({ logger: createLogger('pc2-vault', { write: () => {} }) })
    await assert.rejects(service.start(), { name: 'VaultCorruptError' })
  })
})
