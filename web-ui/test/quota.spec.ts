import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiError } from '../src/lib/api.ts'
import { describeShortfall, quotaShortfall } from '../src/lib/quota.ts'

const MiB = 1024 * 1024

describe('quota messages', () => {
  it('reads the numbers of a QuotaExceededError and says them', () => {
    const error = new ApiError({ name: 'QuotaExceededError', message: 'full', status: 507, details: { size: 20 * MiB, freeBytes: 5 * MiB, quotaBytes: 100 * MiB } })
    const shortfall = quotaShortfall(error)
    assert.deepEqual(shortfall, { neededBytes: 20 * MiB, freeBytes: 5 * MiB, quotaBytes: 100 * MiB })
    assert.equal(describeShortfall(shortfall ?? {} as never), 'Not enough space on the node: this file needs 20.0 MiB, 5.0 MiB of 100 MiB is free.')
  })

  it('copes without details, and ignores other errors', () => {
    const shortfall = quotaShortfall(new ApiError({ name: 'QuotaExceededError', message: 'full', status: 507 }))
    assert.equal(describeShortfall(shortfall ?? {} as never), 'Not enough space on the node: the node is full.')
    assert.equal(quotaShortfall(new ApiError({ name: 'NetworkError', message: 'x', status: 0 })), undefined)
    assert.equal(quotaShortfall(new Error('x')), undefined)
  })
})
