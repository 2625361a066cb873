import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { serialQueue } from '../src/index.ts'

describe('serialQueue', () => {
  it('runs work one piece at a time, in order, and a failure does not stop the next', async () => {
    const queue = serialQueue()
    const events: string[] = []
    const piece = (name: string, ms: number, fail = false) => queue(async () => {
      events.push(`start ${name}`)
      await new Promise((resolve) => setTimeout(resolve, ms))
      events.push(`end ${name}`)
      if (fail) throw new Error(`${name} failed`)
      return name
    })
    const results = await Promise.allSettled([piece('a', 20), piece('b', 1, true), piece('c', 1)])
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
    assert.deepEqual(results.map((result) => result.status === 'fulfilled' ? result.value : (result.reason as Error).message), ['a', 'b failed', 'c'])
  })
})
