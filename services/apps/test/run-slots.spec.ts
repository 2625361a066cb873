import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { runSlots } from '../src/run-slots.ts'

/** A piece of work that ends when `finish()` is called. */
function pending (): { work: () => Promise<string>, finish: (value: string) => void, started: () => boolean } {
  let finish: (value: string) => void = () => {}
  let started = false
  const done = new Promise<string>((resolve) => { finish = resolve })
  return { work: async () => { started = true; return await done }, finish: (value) => { finish(value) }, started: () => started }
}

describe('run slots', () => {
  it('runs at most the set number at once, the rest in order as slots free', async () => {
    const slots = runSlots(2, 10)
    const runs = [pending(), pending(), pending(), pending()]
    const results = runs.map(async (run) => await slots.use(run.work))
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(runs.map((run) => run.started()), [true, true, false, false])
    assert.deepEqual([slots.running, slots.waiting], [2, 2])
    runs[1]!.finish('b')
    assert.equal(await results[1], 'b')
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(runs.map((run) => run.started()), [true, true, true, false])
    for (const [index, run] of runs.entries()) run.finish(String(index))
    assert.deepEqual(await Promise.all(results), ['0', 'b', '2', '3'])
    assert.deepEqual([slots.running, slots.waiting], [0, 0])
  })

  it('refuses a run past the queue, naming how busy it is, and frees a slot after a failure', async () => {
    const slots = runSlots(1, 1)
    const first = pending()
    const running = slots.use(first.work)
    const queued = slots.use(async () => 'queued')
    await assert.rejects(slots.use(async () => 'refused'), (error: any) => error.name === 'AppsBusyError' && error.status === 503 && error.details.waiting === 1)
    first.finish('first')
    assert.deepEqual([await running, await queued], ['first', 'queued'])
    await assert.rejects(slots.use(async () => { throw new Error('crashed') }), /crashed/)
    assert.equal(await slots.use(async () => 'after'), 'after')
  })

  it('lets a waiting run whose caller left go without taking a slot', async () => {
    const slots = runSlots(1, 5)
    const first = pending()
    const running = slots.use(first.work)
    const controller = new AbortController()
    let ran = false
    const left = slots.use(async () => { ran = true }, controller.signal)
    controller.abort(new Error('client went away'))
    await assert.rejects(left, /client went away/)
    assert.equal(slots.waiting, 0)
    first.finish('done')
    await running
    assert.equal(ran, false)
    assert.equal(slots.running, 0)
  })
})
