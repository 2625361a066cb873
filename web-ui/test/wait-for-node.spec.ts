import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { watchNodeRestart } from '../src/lib/wait-for-node.ts'

function scriptedProbe (answers: boolean[]): () => Promise<boolean> {
  return async () => answers.shift() ?? true
}

describe('watchNodeRestart', () => {
  it('waits for the node to go away and come back', async () => {
    const events: string[] = []
    await watchNodeRestart({
      signal: new AbortController().signal,
      intervalMs: 1,
      probe: scriptedProbe([true, true, false, false, true]),
      onDown: () => { events.push('down') },
      onBack: () => { events.push('back') }
    })
    assert.deepEqual(events, ['down', 'back'])
  })

  it('stops when aborted', async () => {
    const controller = new AbortController()
    let probes = 0
    const watching = watchNodeRestart({
      signal: controller.signal,
      intervalMs: 5,
      probe: async () => { probes++; return true }
    })
    setTimeout(() => { controller.abort() }, 30)
    await watching
    assert.ok(probes >= 1)
  })
})
