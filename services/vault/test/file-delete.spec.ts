import assert from 'node:assert/strict'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { cids, metadata, randomKey, startTestVault } from './fixtures/vault.ts'
import type { TestVault } from './fixtures/vault.ts'

describe('DELETE /files/<cid>', () => {
  let vault: TestVault
  before(async () => { vault = await startTestVault() })
  after(async () => { await vault.remove() })

  it('forgets the key (204), after which the CID is unknown and may take a new key', async () => {
    await vault.send('PUT', `/files/${cids.a}`, { json: { key: randomKey(), metadata } })
    const deleted = await vault.send('DELETE', `/files/${cids.a}`)
    assert.equal(deleted.status, 204)
    assert.equal(deleted.text, '')
    await assert.rejects(access(join(vault.stateDir, 'files', `${cids.a}.json`)), { code: 'ENOENT' })
    assert.equal((await vault.send('GET', `/files/${cids.a}`)).status, 404)
    assert.deepEqual((await vault.send('GET', '/files')).json, { files: [] })
    assert.equal((await vault.send('PUT', `/files/${cids.a}`, { json: { key: randomKey(), metadata } })).status, 201)
  })

  it('answers 404 FileKeyNotFoundError for a CID it holds no key for', async () => {
    const response = await vault.send('DELETE', `/files/${cids.b}`)
    assert.equal(response.status, 404)
    assert.equal(response.json.error.name, 'FileKeyNotFoundError')
  })
})
