import assert from 'node:assert/strict'
import { copyFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { cids, metadata, randomKey, startTestVault } from './fixtures/vault.ts'
import type { TestVault } from './fixtures/vault.ts'

describe('GET /files', () => {
  let vault: TestVault
  before(async () => { vault = await startTestVault() })
  after(async () => { await vault.remove() })

  it('starts empty', async () => {
    assert.deepEqual((await vault.send('GET', '/files')).json, { files: [] })
  })

  it('lists every file oldest first, with metadata and no keys', async () => {
    const keys = [randomKey(), randomKey()]
    await vault.send('PUT', `/files/${cids.b}`, { json: { key: keys[0], metadata } })
    await vault.send('PUT', `/files/${cids.a}`, { json: { key: keys[1], metadata: { ...metadata, name: 'second.txt', type: 'text/plain' } } })
    // A temporary file of an interrupted write is not a record.
    await writeFile(join(vault.stateDir, 'files', `.${cids.v0}.json.1.abc.tmp`), 'partial')
    const response = await vault.send('GET', '/files')
    assert.equal(response.status, 200)
    assert.deepEqual(response.json.files.map((file: { cid: string }) => file.cid), [cids.b, cids.a])
    assert.deepEqual(response.json.files[1].metadata, { name: 'second.txt', type: 'text/plain', size: 1234 })
    assert.deepEqual(Object.keys(response.json.files[0]).sort(), ['cid', 'createdAt', 'metadata'])
    for (const key of keys) assert.doesNotMatch(response.text, new RegExp(key))
  })

  it('fails with VaultCorruptError naming the record rather than leave it out', async () => {
    const files = join(vault.stateDir, 'files')
    await copyFile(join(files, `${cids.a}.json`), join(files, `${cids.v0}.json`))
    const response = await vault.send('GET', '/files')
    assert.equal(response.status, 500)
    assert.equal(response.json.error.name, 'VaultCorruptError')
    assert.equal(response.json.error.details.cid, cids.v0)
    await rm(join(files, `${cids.v0}.json`))
    assert.equal((await vault.send('GET', '/files')).status, 200)
  })
})
