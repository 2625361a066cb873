import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { createGcLock } from '../src/blocks/gc-lock.ts'

describe('GC lock', () => {
  it('lets writers share it, and runs a collection only once they are all done', async () => {
    const lock = createGcLock()
    const events: string[] = []
    let releaseFirst: () => void = () => {}
    const first = lock.shared(async () => {
      events.push('write 1 starts')
      await new Promise<void>((resolve) => { releaseFirst = resolve })
      events.push('write 1 ends')
    })
    const second = lock.shared(async () => { events.push('write 2 runs') })
    await second
    const collection = lock.exclusive(async () => { events.push('collect') })
    await sleep(10)
    assert.deepEqual(events, ['write 1 starts', 'write 2 runs'])
    releaseFirst()
    await Promise.all([first, collection])
    assert.deepEqual(events, ['write 1 starts', 'write 2 runs', 'write 1 ends', 'collect'])
  })

  it('holds new writers off while a collection waits, so collections are not starved', async () => {
    const lock = createGcLock()
    const events: string[] = []
    let release: () => void = () => {}
    const busy = lock.shared(async () => { await new Promise<void>((resolve) => { release = resolve }) })
    const collection = lock.exclusive(async () => { events.push('collect') })
    const late = lock.shared(async () => { events.push('late write') })
    await sleep(10)
    assert.deepEqual(events, [])
    release()
    await Promise.all([busy, collection, late])
    assert.deepEqual(events, ['collect', 'late write'])
  })

  it('runs one collection at a time and survives a failing holder', async () => {
    const lock = createGcLock()
    let inside = 0
    let most = 0
    const collect = async (): Promise<void> => {
      await lock.exclusive(async () => {
        inside++
        most = Math.max(most, inside)
        await sleep(5)
        inside--
      })
    }
    await assert.rejects(lock.shared(async () => { throw new Error('write failed') }), /write failed/)
    await Promise.all([collect(), collect(), collect(), lock.shared(async () => {})])
    assert.equal(most, 1)
  })
})
