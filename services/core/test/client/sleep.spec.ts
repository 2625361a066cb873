import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sleep } from '../../src/client/sleep.ts'

describe('sleep', () => {
  it('resolves after the pause', async () => {
    const started = performance.now()
    await sleep(20)
    assert.ok(performance.now() - started >= 15)
  })

  it('ends early with the signal\'s reason when aborted, and at once when aborted already', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const pausing = sleep(10_000, controller.signal)
    setTimeout(() => { controller.abort(new Error('stop')) }, 10)
    await assert.rejects(pausing, { message: 'stop' })
    assert.ok(performance.now() - started < 5000)
    await assert.rejects(sleep(10, controller.signal), { message: 'stop' })
  })
})
