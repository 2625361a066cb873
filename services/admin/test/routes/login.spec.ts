import assert from 'node:assert/strict'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createSiweMessage } from 'viem/siwe'
import { errorName, send } from '../fixtures/http-client.ts'
import type { ClientResponse } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'
import { claimed, credentialsOf, fetchNonce, loginAs, newAccount, signIn } from '../fixtures/siwe.ts'

function refusedWith (response: ClientResponse, status: number, name: string): void {
  assert.equal(errorName(response), name, response.body)
  assert.equal(response.status, status)
  assert.equal(response.headers['set-cookie'], undefined)
}

describe('POST /api/auth/login', () => {
  let node: TestNode
  const owner = newAccount()
  before(async () => {
    node = await startTestNode()
    await claimed(node, owner)
  })
  after(async () => { await node.stop() })

  it('signs the owner in: a cookie, a CSRF token, and owner routes open', async () => {
    const response = await loginAs(node, owner)
    assert.equal(response.status, 200, response.body)
    const { cookie, csrfToken } = credentialsOf(response)
    assert.equal((JSON.parse(response.body) as { address: string }).address, owner.address)
    assert.equal((await send(node.port, 'GET', '/api/status', { headers: { Cookie: cookie } })).status, 200)
    const session = JSON.parse((await send(node.port, 'GET', '/api/auth/session', { headers: { Cookie: cookie } })).body) as Record<string, unknown>
    assert.deepEqual({ ...session, expiresAt: typeof session.expiresAt }, {
      claimed: true, authenticated: true, address: owner.address, csrfToken, expiresAt: 'string'
    })
  })

  it('refuses a valid signature by somebody else', async () => {
    refusedWith(await loginAs(node, newAccount()), 403, 'NotOwnerError')
  })

  it('refuses a nonce the second time, and one it never issued', async () => {
    const { nonce } = await fetchNonce(node)
    assert.equal((await loginAs(node, owner, { nonce })).status, 200)
    refusedWith(await loginAs(node, owner, { nonce }), 401, 'NonceInvalidError')
    refusedWith(await loginAs(node, owner, { nonce: 'abcdef0123456789abcdef0123456789' }), 401, 'NonceInvalidError')
  })

  it('spends the nonce even when a later check fails', async () => {
    const { nonce } = await fetchNonce(node)
    const signed = await signIn(node, owner, { nonce })
    const tampered = { ...signed, signature: `${signed.signature.slice(0, -4)}${signed.signature.endsWith('0000') ? '1111' : '0000'}` }
    refusedWith(await send(node.port, 'POST', '/api/auth/login', { json: tampered }), 401, 'SignatureInvalidError')
    refusedWith(await send(node.port, 'POST', '/api/auth/login', { json: signed }), 401, 'NonceInvalidError')
  })

  it('refuses a message for another domain, another origin or another chain', async () => {
    refusedWith(await loginAs(node, owner, { domain: 'evil.example' }), 401, 'DomainMismatchError')
    refusedWith(await loginAs(node, owner, { domain: '127.0.0.1:1' }), 401, 'DomainMismatchError')
    refusedWith(await loginAs(node, owner, { uri: 'http://evil.example/' }), 401, 'UriMismatchError')
    refusedWith(await loginAs(node, owner, { uri: `http://${node.host.replace(/:\d+$/, ':1')}/` }), 401, 'UriMismatchError')
    refusedWith(await loginAs(node, owner, { chainId: 8453 }), 401, 'ChainIdMismatchError')
    // The origin may come with a path, and https when TLS ends in front of the node.
    assert.equal((await loginAs(node, owner, { uri: `https://${node.host}/settings` })).status, 200)
  })

  it('refuses expired, too long-lived, unexpiring and future messages', async () => {
    const now = Date.now()
    const cases: Array<[string, Parameters<typeof loginAs>[2]]> = [
      ['expired', { issuedAt: new Date(now - 6 * 60_000), expirationTime: new Date(now - 60_000) }],
      ['lives over 10 minutes', { issuedAt: new Date(now), expirationTime: new Date(now + 11 * 60_000) }],
      ['never expires', { expirationTime: undefined }],
      ['issued in the future', { issuedAt: new Date(now + 5 * 60_000), expirationTime: new Date(now + 10 * 60_000) }],
      ['not valid yet', { notBefore: new Date(now + 5 * 60_000) }]
    ]
    for (const [what, overrides] of cases) {
      const response = await loginAs(node, owner, overrides)
      assert.equal(errorName(response), 'MessageExpiredError', what)
      assert.equal(response.status, 401, what)
    }
    // A browser clock a little ahead of the node's is fine.
    assert.equal((await loginAs(node, owner, { issuedAt: new Date(now + 30_000), expirationTime: new Date(now + 5 * 60_000) })).status, 200)
  })

  it('on a node that does not know the time (no real-time clock, no NTP yet) takes the browser\'s times, never a spent nonce', async () => {
    await rm(node.fixture.paths.timesyncSynchronized)
    try {
      // The browser's clock two days ahead of a Raspberry Pi that booted offline.
      const later = Date.now() + 2 * 86_400_000
      const response = await loginAs(node, owner, { issuedAt: new Date(later), expirationTime: new Date(later + 5 * 60_000) })
      assert.equal(response.status, 200, response.body)
      assert.equal(errorName(await loginAs(node, owner, { issuedAt: new Date(later), expirationTime: new Date(later + 11 * 60_000) })), 'MessageExpiredError')
      const { nonce } = await fetchNonce(node)
      assert.equal((await loginAs(node, owner, { nonce, issuedAt: new Date(later), expirationTime: new Date(later + 60_000) })).status, 200)
      refusedWith(await loginAs(node, owner, { nonce, issuedAt: new Date(later), expirationTime: new Date(later + 60_000) }), 401, 'NonceInvalidError')
      // A real-time clock that set the time at boot counts as knowing it.
      await mkdir(join(node.fixture.paths.rtcClass, 'rtc0'), { recursive: true })
      await writeFile(join(node.fixture.paths.rtcClass, 'rtc0', 'hctosys'), '1\n')
      refusedWith(await loginAs(node, owner, { issuedAt: new Date(later), expirationTime: new Date(later + 5 * 60_000) }), 401, 'MessageExpiredError')
    } finally {
      await rm(node.fixture.paths.rtcClass, { recursive: true, force: true })
      await writeFile(node.fixture.paths.timesyncSynchronized, '')
    }
  })

  it('refuses a signature that is not the address\'s', async () => {
    const signed = await signIn(node, owner)
    const flipped = signed.signature.slice(0, 10) + (signed.signature[10] === 'a' ? 'b' : 'a') + signed.signature.slice(11)
    refusedWith(await send(node.port, 'POST', '/api/auth/login', { json: { ...signed, signature: flipped } }), 401, 'SignatureInvalidError')
    const byOther = await signIn(node, owner)
    const otherSignature = await newAccount().signMessage({ message: byOther.message })
    refusedWith(await send(node.port, 'POST', '/api/auth/login', { json: { ...byOther, signature: otherSignature } }), 401, 'SignatureInvalidError')
    refusedWith(await send(node.port, 'POST', '/api/auth/login', { json: { ...(await signIn(node, owner)), signature: 'not hex' } }), 401, 'SignatureInvalidError')
  })

  it('refuses a malformed body or message with InvalidInputError, before spending anything', async () => {
    const { nonce } = await fetchNonce(node)
    const valid = await signIn(node, owner, { nonce })
    const bodies: unknown[] = [
      {},
      { message: valid.message },
      { message: 1, signature: valid.signature },
      { message: 'hello', signature: valid.signature },
      { message: valid.message.replace('Version: 1', 'Version: 2'), signature: valid.signature },
      { message: valid.message.replace(/Issued At: .*/, 'Issued At: yesterday'), signature: valid.signature },
      { message: valid.message.replace(owner.address, owner.address.toLowerCase().replace('0x', '0X')), signature: valid.signature },
      [valid.message, valid.signature]
    ]
    for (const json of bodies) refusedWith(await send(node.port, 'POST', '/api/auth/login', { json }), 400, 'InvalidInputError')
    refusedWith(await send(node.port, 'POST', '/api/auth/login', { body: '{"message":', headers: { 'Content-Type': 'application/json' } }), 400, 'InvalidInputError')
    refusedWith(await send(node.port, 'POST', '/api/auth/login', { body: JSON.stringify(valid), headers: { 'Content-Type': 'text/plain' } }), 400, 'InvalidInputError')
    const huge = await send(node.port, 'POST', '/api/auth/login', { json: { message: 'x'.repeat(100_000), signature: '0x' } })
    refusedWith(huge, 413, 'PayloadTooLargeError')
    // The nonce was never reached, so the untouched message still signs in.
    assert.equal((await send(node.port, 'POST', '/api/auth/login', { json: valid })).status, 200)
  })

  it('replaces the browser\'s previous session when it signs in again', async () => {
    const first = credentialsOf(await loginAs(node, owner))
    const second = await send(node.port, 'POST', '/api/auth/login', { json: await signIn(node, owner), headers: { Cookie: first.cookie } })
    assert.equal(second.status, 200)
    assert.equal((await send(node.port, 'GET', '/api/status', { headers: { Cookie: first.cookie } })).status, 401)
    assert.equal((await send(node.port, 'GET', '/api/status', { headers: { Cookie: credentialsOf(second).cookie } })).status, 200)
  })

  it('follows auth.chainId live after a settings change', async () => {
    const { headers } = credentialsOf(await loginAs(node, owner))
    const put = await send(node.port, 'PUT', '/api/settings', { headers, json: { values: { 'auth.chainId': '8453' } } })
    assert.equal(put.status, 200, put.body)
    assert.equal((await fetchNonce(node)).chainId, 8453)
    refusedWith(await loginAs(node, owner, { chainId: 1 }), 401, 'ChainIdMismatchError')
    assert.equal((await loginAs(node, owner)).status, 200)
    await send(node.port, 'PUT', '/api/settings', { headers, json: { values: { 'auth.chainId': '1' } } })
  })
})

describe('login on an unclaimed node', () => {
  it('answers NotClaimedError', async () => {
    const node = await startTestNode()
    try {
      refusedWith(await loginAs(node, newAccount()), 409, 'NotClaimedError')
      const session = JSON.parse((await send(node.port, 'GET', '/api/auth/session')).body) as unknown
      assert.deepEqual(session, { claimed: false, authenticated: false })
    } finally {
      await node.stop()
    }
  })

  it('checks the message against the Host the request was sent to', async () => {
    const node = await startTestNode()
    try {
      const owner = newAccount()
      await claimed(node, owner)
      const { nonce, chainId } = await fetchNonce(node)
      const issuedAt = new Date()
      const message = createSiweMessage({
        domain: 'pc2.local', address: owner.address, uri: 'http://pc2.local/', version: '1', chainId, nonce, issuedAt,
        expirationTime: new Date(issuedAt.getTime() + 60_000)
      })
      const json = { message, signature: await owner.signMessage({ message }) }
      const response = await send(node.port, 'POST', '/api/auth/login', { json, headers: { Host: 'pc2.local' } })
      assert.equal(response.status, 200, response.body)
      assert.match(response.headers['set-cookie']?.[0] ?? '', /^pc2_session=/)
    } finally {
      await node.stop()
    }
  })
})
