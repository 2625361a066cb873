import assert from 'node:assert/strict'
import { copyFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { cids, metadata, randomKey, startTestVault } from './fixtures/vault.ts'
import type { TestVault } from './fixtures/vault.ts'

describe('GET /files/<cid>', () => {
  let vault: TestVault
  before(async () => { vault = await startTestVault() })
  after(async () => { await vault.remove() })
  const recordOf = (cid: string): string => join(vault.stateDir, 'files', `${cid}.json`)

  it('gives back the key and metadata that were stored (the wrap / unwrap round trip)', async () => {
    const key = randomKey()
    await vault.send('PUT', `/files/${cids.a}`, { json: { key, metadata } })
    const response = await vault.send('GET', `/files/${cids.a}`)
    assert.equal(response.status, 200)
    assert.equal(response.json.cid, cids.a)
    assert.equal(response.json.key, key)
    assert.deepEqual(response.json.metadata, metadata)
    assert.ok(!Number.isNaN(Date.parse(response.json.createdAt)))
  })

  it('answers 404 FileKeyNotFoundError for a CID it holds no key for', async () => {
    const response = await vault.send('GET', `/files/${cids.v0}`)
    assert.equal(response.status, 404)
    assert.equal(response.json.error.name, 'FileKeyNotFoundError')
  })

  it('refuses a record moved to another CID with 500 VaultCorruptError naming that CID', async () => {
    await copyFile(recordOf(cids.a), recordOf(cids.b))
    const response = await vault.send('GET', `/files/${cids.b}`)
    assert.equal(response.status, 500)
    assert.equal(response.json.error.name, 'VaultCorruptError')
    assert.deepEqual(response.json.error.details, { cid: cids.b })
    assert.match(response.json.error.message, new RegExp(cids.b))
    // Rewriting the record's own cid field does not help: the CID is the additional data.
    const record = JSON.parse(await readFile(recordOf(cids.b), 'utf8'))
    await writeFile(recordOf(cids.b), JSON.stringify({ ...record, cid: cids.b }))
    assert.equal((await vault.send('GET', `/files/${cids.b}`)).json.error.name, 'VaultCorruptError')
  })

  it('refuses a damaged record, and the same record once the node key changed', async () => {
    const record = JSON.parse(await readFile(recordOf(cids.a), 'utf8'))
    const damaged = record.wrapped.slice(0, 40) + (record.wrapped[40] === 'A' ? 'B' : 'A') + record.wrapped.slice(41)
    await writeFile(recordOf(cids.b), JSON.stringify({ ...record, cid: cids.b, wrapped: damaged }))
    assert.equal((await vault.send('GET', `/files/${cids.b}`)).json.error.name, 'VaultCorruptError')
    await writeFile(recordOf(cids.b), 'not json')
    assert.equal((await vault.send('GET', `/files/${cids.b}`)).json.error.name, 'VaultCorruptError')
  })

  it('survives a restart over the same state directory', async () => {
    const before = (await vault.send('GET', `/files/${cids.a}`)).json
    await vault.restart()
    assert.deepEqual((await vault.send('GET', `/files/${cids.a}`)).json, before)
  })
})
