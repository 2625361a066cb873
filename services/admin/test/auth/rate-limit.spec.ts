import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createRateLimiter } from '../../src/auth/rate-limit.ts'

describe('rate limiter', () => {
  it('allows `limit` attempts per window and key, then says when to retry', () => {
    let now = 0
    const limiter = createRateLimiter({ what: 'claim attempts', limit: 2, now: () => now })
    limiter.take('a')
    now = 10_000
    limiter.take('a')
    limiter.take('b')
    now = 15_000
    assert.throws(() => { limiter.take('a') }, (error: Error & { status?: number, details?: Record<string, unknown> }) => {
      assert.equal(error.name, 'TooManyRequestsError')
      assert.equal(error.status, 429)
      assert.equal(error.message, 'too many claim attempts; try again in 45 s')
      assert.deepEqual(error.details, { retryAfterSeconds: 45 })
      return true
    })
    // A refused attempt does not count: the window slides from the allowed ones.
    now = 60_001
    limiter.take('a')
    assert.throws(() => { limiter.take('a') }, { name: 'TooManyRequestsError' })
    now = 70_001
    limiter.take('a')
  })

  it('forgets the stalest clients beyond its capacity', () => {
    const limiter = createRateLimiter({ what: 'x', limit: 1, capacity: 2 })
    limiter.take('a')
    limiter.take('b')
    limiter.take('c')
    limiter.take('a')
    assert.throws(() => { limiter.take('c') }, { name: 'TooManyRequestsError' })
  })
})
