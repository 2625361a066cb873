import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { cids, startTestVault } from './fixtures/vault.ts'
import type { TestVault } from './fixtures/vault.ts'

describe('routes', () => {
  let vault: TestVault
  before(async () => { vault = await startTestVault() })
  after(async () => { await vault.remove() })

  it('GET /health answers {ok: true}', async () => {
    const response = await vault.send('GET', '/health')
    assert.equal(response.status, 200)
    assert.deepEqual(response.json, { ok: true })
    assert.equal(response.headers['cache-control'], 'no-store')
  })

  it('answers 404 NotFoundError for an unknown path and 405 with Allow for a wrong method', async () => {
    const unknown = await vault.send('GET', '/keys')
    assert.equal(unknown.status, 404)
    assert.equal(unknown.json.error.name, 'NotFoundError')
    const wrong = await vault.send('POST', `/files/${cids.a}`)
    assert.equal(wrong.status, 405)
    assert.equal(wrong.json.error.name, 'MethodNotAllowedError')
    assert.equal(wrong.headers.allow, 'PUT, GET, DELETE')
    assert.equal((await vault.send('GET', `/files/${cids.a}/seal`)).status, 405)
  })
})
