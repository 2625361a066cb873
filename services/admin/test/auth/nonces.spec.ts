import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createNonceStore } from '../../src/auth/nonces.ts'

describe('nonce store', () => {
  it('issues 32 hex characters (EIP-4361 wants 8+ alphanumerics) that expire in 10 minutes', () => {
    let now = 1_000_000
    const store = createNonceStore({ now: () => now })
    const issued = store.issue()
    assert.match(issued.nonce, /^[0-9a-f]{32}$/)
    assert.equal(issued.expiresAt, now + 600_000)
    assert.notEqual(store.issue().nonce, issued.nonce)
    now += 599_999
    assert.equal(store.consume(issued.nonce), true)
  })

  it('accepts a nonce once', () => {
    const store = createNonceStore()
    const { nonce } = store.issue()
    assert.equal(store.consume(nonce), true)
    assert.equal(store.consume(nonce), false)
    assert.equal(store.consume('0123456789abcdef0123456789abcdef'), false)
  })

  it('refuses, and forgets, a nonce older than its lifetime', () => {
    let now = 0
    const store = createNonceStore({ now: () => now })
    const { nonce } = store.issue()
    now += 600_000
    assert.equal(store.consume(nonce), false)
  })

  it('holds at most its capacity, dropping the oldest first', () => {
    const store = createNonceStore({ capacity: 3 })
    const [first, second, third, fourth] = [store.issue(), store.issue(), store.issue(), store.issue()]
    assert.equal(store.consume(first?.nonce ?? ''), false)
    for (const issued of [second, third, fourth]) assert.equal(store.consume(issued?.nonce ?? ''), true)
  })
})
