import assert from 'node:assert/strict'
import { access, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { errorName, send } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'
import { claimAs, credentialsOf, newAccount } from '../fixtures/siwe.ts'

describe('POST /api/claim', () => {
  let node: TestNode
  const owner = newAccount()
  let code = ''
  before(async () => {
    node = await startTestNode()
    code = await node.claimCode()
  })
  after(async () => { await node.stop() })

  it('starts unclaimed, with a claim code on file (0644) and in the journal at notice', async () => {
    assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/)
    assert.equal((await stat(join(node.runtimeDir, 'claim-code'))).mode & 0o777, 0o644)
    assert.ok(node.logLines.includes(`<5>pc2-admin: claim code for this node: ${code}\n`), node.logLines.join(''))
    const health = JSON.parse((await send(node.port, 'GET', '/api/health')).body) as { claimed: boolean, product: { name: string } }
    assert.deepEqual(health, { product: { name: 'PC2', id: 'pc2', version: '0.1.0' }, claimed: false })
  })

  it('refuses a wrong code, and the node stays unclaimed', async () => {
    const response = await claimAs(node, newAccount(), 'ABCD-EFGH')
    assert.equal(response.status, 403)
    assert.equal(errorName(response), 'ClaimCodeInvalidError')
    assert.equal(response.headers['set-cookie'], undefined)
    await assert.rejects(access(join(node.stateDir, 'owner.json')), { code: 'ENOENT' })
    assert.ok(node.logLines.some((line) => line.startsWith('<6>pc2-admin: claim refused reason=ClaimCodeInvalidError client=127.0.0.1')))
  })

  it('makes the signer of a claim with the right code the owner, with a session', async () => {
    const response = await claimAs(node, owner, code.toLowerCase().replace('-', ' '))
    assert.equal(response.status, 200, response.body)
    const body = JSON.parse(response.body) as { address: string, csrfToken: string, expiresAt: string }
    assert.equal(body.address, owner.address)
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/)
    assert.ok(Math.abs(Date.parse(body.expiresAt) - Date.now() - 12 * 3600_000) < 60_000)
    const cookie = response.headers['set-cookie']?.[0] ?? ''
    assert.match(cookie, /^pc2_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/)

    const file = join(node.stateDir, 'owner.json')
    const record = JSON.parse(await readFile(file, 'utf8')) as { address: string, claimedAt: string }
    assert.equal(record.address, owner.address)
    assert.ok(Math.abs(Date.parse(record.claimedAt) - Date.now()) < 60_000)
    assert.equal((await stat(file)).mode & 0o777, 0o600)
    await assert.rejects(access(join(node.runtimeDir, 'claim-code')), { code: 'ENOENT' })

    const { cookie: session } = credentialsOf(response)
    assert.equal((await send(node.port, 'GET', '/api/status', { headers: { Cookie: session } })).status, 200)
    assert.equal(JSON.parse((await send(node.port, 'GET', '/api/health')).body).claimed, true)
  })

  it('refuses the code once the node is claimed, even from the owner', async () => {
    for (const account of [newAccount(), owner]) {
      const response = await claimAs(node, account, code)
      assert.equal(response.status, 409)
      assert.equal(errorName(response), 'AlreadyClaimedError')
    }
    const record = JSON.parse(await readFile(join(node.stateDir, 'owner.json'), 'utf8')) as { address: string }
    assert.equal(record.address, owner.address)
  })
})

describe('claim rate limit', () => {
  it('allows 5 claim attempts a minute per client, then answers 429 with Retry-After', async () => {
    const node = await startTestNode({ rateLimits: { claim: 5, login: 20, nonce: 20 } })
    try {
      for (let attempt = 1; attempt <= 5; attempt++) {
        assert.equal(errorName(await claimAs(node, newAccount(), 'WRNG-CODE')), 'ClaimCodeInvalidError', `attempt ${attempt}`)
      }
      // Even the right code is refused now: guessing must not go on at any speed.
      const response = await claimAs(node, newAccount())
      assert.equal(response.status, 429)
      assert.equal(errorName(response), 'TooManyRequestsError')
      const retryAfter = Number(response.headers['retry-after'])
      assert.ok(retryAfter >= 1 && retryAfter <= 60, String(response.headers['retry-after']))
    } finally {
      await node.stop()
    }
  })

  it('uses API.md\'s limits by default: 20 nonces a minute', async () => {
    const node = await startTestNode({ rateLimits: {} })
    try {
      for (let index = 0; index < 20; index++) assert.equal((await send(node.port, 'GET', '/api/auth/nonce')).status, 200)
      const response = await send(node.port, 'GET', '/api/auth/nonce')
      assert.equal(response.status, 429)
      assert.ok(Number(response.headers['retry-after']) >= 1)
    } finally {
      await node.stop()
    }
  })
})
