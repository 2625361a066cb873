// Whatever a harness started is gone when the harness ends, however it ends.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'

const harness = new URL('./fixtures/harness.ts', import.meta.url).pathname

/** Gone, or a zombie nobody has reaped yet: it runs no more. */
function running (pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))
  } catch {
    return false
  }
}

async function stopsRunning (pid: number): Promise<boolean> {
  for (let waited = 0; waited < 5000; waited += 50) {
    if (!running(pid)) return true
    await sleep(50)
  }
  return false
}

/** Runs the harness ending as `ending` (sending `signal` once its child runs); its output, exit and child. */
async function endHarness (ending: string, signal?: NodeJS.Signals): Promise<{ output: string, code: number | null, signal: NodeJS.Signals | null, child: number }> {
  const harnessProcess = spawn(process.execPath, [harness, ending], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  harnessProcess.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  harnessProcess.stderr.resume()
  while (!output.includes('\n')) await sleep(20)
  const child = Number(output.split('\n')[0])
  assert.ok(running(child), 'the child runs while the harness does')
  if (signal !== undefined) harnessProcess.kill(signal)
  const [code, ended] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => harnessProcess.once('exit', (...result) => { resolve(result) }))
  return { output, code, signal: ended, child }
}

describe('exit-cleanup', () => {
  it('kills the children of a harness that throws', async () => {
    const ended = await endHarness('throw')
    assert.equal(ended.code, 1)
    assert.match(ended.output, /cleaned up/)
    assert.ok(await stopsRunning(ended.child))
  })

  it('kills the children of a harness that exits', async () => {
    const ended = await endHarness('exit')
    assert.equal(ended.code, 3)
    assert.ok(await stopsRunning(ended.child))
  })

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`kills the children of a harness ended by ${signal}, which still ends by that signal`, async () => {
      const ended = await endHarness('wait', signal)
      assert.equal(ended.signal, signal)
      assert.match(ended.output, /cleaned up/)
      assert.ok(await stopsRunning(ended.child))
    })
  }

  it('leaves a signal the harness handles to it, and cleans up when it exits', async () => {
    const ended = await endHarness('handled', 'SIGTERM')
    assert.equal(ended.code, 0)
    assert.match(ended.output, /handled\n(.|\n)*cleaned up/)
    assert.ok(await stopsRunning(ended.child))
  })

  it('has the kernel kill the children of a harness that is SIGKILLed', async () => {
    const ended = await endHarness('wait', 'SIGKILL')
    assert.equal(ended.signal, 'SIGKILL')
    assert.doesNotMatch(ended.output, /cleaned up/)
    assert.ok(await stopsRunning(ended.child))
  })
})
