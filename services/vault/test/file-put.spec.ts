import assert from 'node:assert/strict'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { cids, metadata, randomKey, startTestVault } from './fixtures/vault.ts'
import type { TestVault } from './fixtures/vault.ts'

describe('PUT /files/<cid>', () => {
  let vault: TestVault
  before(async () => { vault = await startTestVault() })
  after(async () => { await vault.remove() })

  it('stores a key (201), answers 200 for the same record again, and writes only a wrapped record', async () => {
    const key = randomKey()
    const created = await vault.send('PUT', `/files/${cids.a}`, { json: { key, metadata } })
    assert.equal(created.status, 201)
    assert.deepEqual(created.json, { cid: cids.a })
    const again = await vault.send('PUT', `/files/${cids.a}`, { json: { key, metadata } })
    assert.equal(again.status, 200)
    assert.deepEqual(again.json, { cid: cids.a })
    const path = join(vault.stateDir, 'files', `${cids.a}.json`)
    const record = await readFile(path, 'utf8')
    assert.deepEqual(Object.keys(JSON.parse(record)), ['cid', 'wrapped', 'createdAt'])
    assert.doesNotMatch(record, new RegExp(key))
    assert.doesNotMatch(record, /report\.pdf/)
    assert.equal((await stat(path)).mode & 0o777, 0o600)
    assert.deepEqual((await readdir(join(vault.stateDir, 'files'))).filter((name) => name.startsWith('.')), [])
  })

  it('refuses another key or other metadata for a stored CID with 409 FileKeyConflictError', async () => {
    const key = randomKey()
    assert.equal((await vault.send('PUT', `/files/${cids.b}`, { json: { key, metadata } })).status, 201)
    const otherKey = await vault.send('PUT', `/files/${cids.b}`, { json: { key: randomKey(), metadata } })
    assert.equal(otherKey.status, 409)
    assert.equal(otherKey.json.error.name, 'FileKeyConflictError')
    assert.deepEqual(otherKey.json.error.details, { cid: cids.b, differs: 'key' })
    const otherName = await vault.send('PUT', `/files/${cids.b}`, { json: { key, metadata: { ...metadata, name: 'other.pdf' } } })
    assert.equal(otherName.status, 409)
    assert.equal(otherName.json.error.details.differs, 'metadata')
    assert.equal((await vault.send('GET', `/files/${cids.b}`)).json.key, key)
  })

  it('lets exactly one of two simultaneous different keys win', async () => {
    const answers = await Promise.all([randomKey(), randomKey(), randomKey()].map(async (key) =>
      await vault.send('PUT', `/files/${cids.v0}`, { json: { key, metadata } })))
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 409, 409])
  })

  const bad: Array<[string, unknown, string]> = [
    ['key not base64url', { key: '!'.repeat(43), metadata }, 'key'],
    ['key padded base64', { key: `${Buffer.alloc(32, 7).toString('base64')}`, metadata }, 'key'],
    ['key of 31 bytes', { key: Buffer.alloc(31).toString('base64url'), metadata }, 'key'],
    ['key of 33 bytes', { key: Buffer.alloc(33).toString('base64url'), metadata }, 'key'],
    ['key a number', { key: 5, metadata }, 'key'],
    ['no metadata', { key: randomKey() }, 'metadata'],
    ['a path as the name', { key: randomKey(), metadata: { ...metadata, name: '../../etc/passwd' } }, 'metadata.name'],
    ['an empty name', { key: randomKey(), metadata: { ...metadata, name: '' } }, 'metadata.name'],
    ['a name over 255 bytes', { key: randomKey(), metadata: { ...metadata, name: 'é'.repeat(128) } }, 'metadata.name'],
    ['a bad media type', { key: randomKey(), metadata: { ...metadata, type: 'pdf' } }, 'metadata.type'],
    ['a negative size', { key: randomKey(), metadata: { ...metadata, size: -1 } }, 'metadata.size'],
    ['a fractional size', { key: randomKey(), metadata: { ...metadata, size: 1.5 } }, 'metadata.size'],
    ['an unknown metadata field', { key: randomKey(), metadata: { ...metadata, owner: 'x' } }, 'metadata.owner'],
    ['an unknown field', { key: randomKey(), metadata, extra: true }, 'extra'],
    ['an array body', [], 'body']
  ]
  for (const [what, body, field] of bad) {
    it(`refuses ${what} with 400 InvalidInputError naming ${field}`, async () => {
      const response = await vault.send('PUT', `/files/${cids.a}`, { json: body })
      assert.equal(response.status, 400)
      assert.equal(response.json.error.name, 'InvalidInputError')
      assert.equal(response.json.error.details.field, field)
    })
  }

  it('refuses a path segment that is not a CID, naming the cid', async () => {
    for (const cid of ['notacid', 'bafkrei..', '..%2f..%2fnode.key', 'BAFKREIBM6JG3UX5QUMHCN2B3FLC3TYU6DMLB4XA7U5BF44YEGNRJHC4YEQ']) {
      const response = await vault.send('PUT', `/files/${cid}`, { json: { key: randomKey(), metadata } })
      assert.equal(response.status, 400, cid)
      assert.equal(response.json.error.details.field, 'cid')
    }
  })

  it('refuses a body that is not JSON without quoting it', async () => {
    const key = randomKey()
    const response = await vault.send('PUT', `/files/${cids.a}`, { body: `{"key":"${key}"`, headers: { 'Content-Type': 'application/json' } })
    assert.equal(response.status, 400)
    assert.equal(response.json.error.name, 'InvalidInputError')
    assert.doesNotMatch(response.text, new RegExp(key))
    const form = await vault.send('PUT', `/files/${cids.a}`, { body: 'key=x', headers: { 'Content-Type': 'text/plain' } })
    assert.equal(form.status, 400)
  })

  it('refuses a body over 16 KiB with 413', async () => {
    const response = await vault.send('PUT', `/files/${cids.a}`, { json: { key: randomKey(), metadata, pad: 'x'.repeat(20_000) } })
    assert.equal(response.status, 413)
    assert.equal(response.json.error.name, 'PayloadTooLargeError')
  })
})
