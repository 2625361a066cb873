import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeTransfer, fractionDone, percentDone, TransferRate } from '../src/lib/transfer-progress.ts'

const MiB = 1024 * 1024

describe('transfer rate', () => {
  it('measures over the recent window only', () => {
    const rate = new TransferRate(3000)
    assert.equal(rate.bytesPerSecond(), undefined)
    rate.add(0, 0)
    rate.add(MiB, 100)
    assert.equal(rate.bytesPerSecond(), undefined, 'too short to say')
    rate.add(10 * MiB, 1000)
    assert.equal(rate.bytesPerSecond(), 10 * MiB)
    // A stall long ago no longer counts once the window has moved past it.
    rate.add(10 * MiB, 11_000)
    rate.add(40 * MiB, 14_000)
    rate.add(50 * MiB, 15_000)
    assert.equal(rate.bytesPerSecond(), 10 * MiB)
  })

  it('starts over when the count goes back (a resumed upload) or on reset', () => {
    const rate = new TransferRate()
    rate.add(0, 0)
    rate.add(8 * MiB, 1000)
    rate.add(4 * MiB, 1500)
    assert.equal(rate.bytesPerSecond(), undefined)
    rate.add(6 * MiB, 2500)
    assert.equal(rate.bytesPerSecond(), 2 * MiB)
    rate.reset()
    assert.equal(rate.bytesPerSecond(), undefined)
  })
})

describe('progress in words', () => {
  it('computes fractions and percent, never 100% before the last byte', () => {
    assert.equal(fractionDone({ done: 5, total: 10 }), 0.5)
    assert.equal(fractionDone({ done: 0, total: 0 }), 1)
    assert.equal(fractionDone({ done: 5, total: undefined }), undefined)
    assert.equal(fractionDone({ done: 15, total: 10 }), 1)
    assert.equal(percentDone({ done: 997, total: 1000 }), 99)
    assert.equal(percentDone({ done: 1000, total: 1000 }), 100)
    assert.equal(percentDone({ done: 4, total: 1000 }), 0)
  })

  it('says bytes, percent and speed, leaving out what is unknown', () => {
    assert.equal(describeTransfer({ done: 12 * MiB, total: 20 * MiB, bytesPerSecond: 35.2 * MiB }), '12.0 MiB of 20.0 MiB · 60% · 35.2 MiB/s')
    assert.equal(describeTransfer({ done: 12 * MiB, total: 20 * MiB }), '12.0 MiB of 20.0 MiB · 60%')
    assert.equal(describeTransfer({ done: 3 * MiB, total: undefined, bytesPerSecond: 1024 }), '3.0 MiB · 1.0 KiB/s')
  })
})
