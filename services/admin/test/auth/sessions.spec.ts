import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { clearedSessionCookie, readCookie, sessionCookie } from '../../src/auth/cookie.ts'
import { createSessionStore } from '../../src/auth/sessions.ts'

describe('session store', () => {
  it('creates sessions with 256-bit tokens and finds them until they expire', () => {
    let now = 0
    const store = createSessionStore({ now: () => now })
    const session = store.create('0xabc', 1000)
    assert.match(session.token, /^[A-Za-z0-9_-]{43}$/)
    assert.match(session.csrfToken, /^[A-Za-z0-9_-]{43}$/)
    assert.notEqual(session.token, session.csrfToken)
    assert.equal(session.expiresAt, 1000)
    assert.equal(store.get(session.token), session)
    assert.equal(store.get(undefined), undefined)
    assert.equal(store.get('nope'), undefined)
    now = 1000
    assert.equal(store.get(session.token), undefined)
  })

  it('deletes a session, and keeps at most its capacity', () => {
    const store = createSessionStore({ capacity: 2 })
    const [a, b, c] = [store.create('x', 60_000), store.create('x', 60_000), store.create('x', 60_000)]
    assert.equal(store.get(a.token), undefined)
    store.delete(b.token)
    assert.equal(store.get(b.token), undefined)
    assert.equal(store.get(c.token), c)
  })
})

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, for the whole site, Secure only over TLS', () => {
    assert.equal(sessionCookie('t', 60, false), 'pc2_session=t; HttpOnly; SameSite=Strict; Path=/; Max-Age=60')
    assert.equal(sessionCookie('t', 60, true), 'pc2_session=t; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure')
    assert.equal(clearedSessionCookie(false), 'pc2_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0')
  })

  it('is read from a Cookie header among others', () => {
    assert.equal(readCookie('a=1; pc2_session=tok-en_1; b=2', 'pc2_session'), 'tok-en_1')
    assert.equal(readCookie('xpc2_session=1', 'pc2_session'), undefined)
    assert.equal(readCookie(undefined, 'pc2_session'), undefined)
    assert.equal(readCookie('garbage', 'pc2_session'), undefined)
  })
})
