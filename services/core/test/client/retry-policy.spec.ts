import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createFailureStreak, defaultRetryPolicy, isRetryableFailure, retryDelayMs } from '../../src/client/retry-policy.ts'

const refused = (status: number, name: string, retryAfterSeconds?: number) => ({ kind: 'refused' as const, status, name, retryAfterSeconds })

describe('retry policy', () => {
  it('retries no answer, the "not now" statuses and an offset mismatch; nothing else', () => {
    assert.equal(isRetryableFailure({ kind: 'unreachable' }), true)
    for (const status of [408, 429, 500, 502, 503, 504]) assert.equal(isRetryableFailure(refused(status, 'X')), true, String(status))
    assert.equal(isRetryableFailure(refused(409, 'UploadOffsetMismatchError')), true)
    assert.equal(isRetryableFailure(refused(409, 'UploadIncompleteError')), false)
    for (const status of [400, 401, 403, 404, 501, 505, 507]) assert.equal(isRetryableFailure(refused(status, 'X')), false, String(status))
    assert.equal(isRetryableFailure({ kind: 'local' }), false)
  })

  it('backs off exponentially up to a ceiling, and honours a longer Retry-After up to four ceilings', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, defaultRetryPolicy)), [250, 500, 1000, 2000, 4000, 5000, 5000])
    assert.equal(retryDelayMs(1, defaultRetryPolicy, refused(429, 'TooManyRequestsError', 12)), 12_000)
    assert.equal(retryDelayMs(1, defaultRetryPolicy, refused(429, 'TooManyRequestsError', 600)), 20_000)
    assert.equal(retryDelayMs(7, defaultRetryPolicy, refused(503, 'UnavailableError', 1)), 5000)
  })

  it('gives up only when the failures since the last progress are many enough and old enough', () => {
    let time = 0
    const streak = createFailureStreak({ firstDelayMs: 1, maxDelayMs: 1, maxAttempts: 3, giveUpAfterMs: 1000 }, () => time)
    assert.equal(streak.failed(), false)
    time = 5000
    assert.equal(streak.failed(), false, 'old enough, but only two')
    assert.equal(streak.failed(), true)
    streak.progressed()
    assert.equal(streak.failures, 0)
    assert.equal(streak.failed(), false)
    assert.equal(streak.failed(), false)
    assert.equal(streak.failed(), false, 'three, but not old enough')
    time = 6000
    assert.equal(streak.failed(), true)
  })
})
