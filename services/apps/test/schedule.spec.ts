// Jobs on a schedule (src/schedule.ts): a granted job runs at once and then every interval,
// with its manifest's arguments, never twice at once; an ungranted one never; a restart or a
// power cut neither repeats a run nor makes up for every missed one; and through the whole
// service a scheduled run of the real probe lands in the history as the schedule's.

import assert from 'node:assert/strict'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { AppsBusyError, createLogger } from '@pc2/core'
import { describeCapabilities } from '../src/capabilities.ts'
import { parseManifest } from '../src/manifest.ts'
import { packApp } from '../src/package/section.ts'
import { appRuns } from '../src/run-app.ts'
import type { AppRuns } from '../src/run-app.ts'
import { nodeWasiRunner } from '../src/runner/node-wasi.ts'
import type { RunResult } from '../src/runner/runner.ts'
import { appScheduler, scheduleIntervalMs } from '../src/schedule.ts'
import { openAppStore } from '../src/store/app-store.ts'
import type { AppStore } from '../src/store/app-store.ts'
import { buildFixture } from '@pc2/test-support/wasm'

const logger = createLogger('test', { level: 'err' })
const minute = 60_000
const manifest = (name: string, capabilities: Record<string, unknown>) => ({
  manifestVersion: 1, name, version: '1.0.0', description: 'the probe on a schedule', kind: 'job',
  capabilities: { storageMiB: 1, memoryMiB: 16, network: [], environment: {}, ...capabilities }
})
const result: RunResult = { outcome: 'exited', exitCode: 0, stdout: new Uint8Array(0), stderr: '', durationMs: 1 }

/** Runs that only record what they were asked, and end when `release` is called (or at once). */
function recordingRuns (options: { hold?: boolean, busy?: boolean } = {}) {
  const calls: Array<{ name: string, args: string[], trigger: string | undefined }> = []
  const releases: Array<() => void> = []
  const runs: Pick<AppRuns, 'runJob'> = {
    async runJob (name, input, runOptions = {}) {
      calls.push({ name, args: input.args, trigger: runOptions.trigger })
      if (options.busy === true) throw new AppsBusyError('4 app runs are going')
      if (options.hold === true) await new Promise<void>((resolve) => releases.push(resolve))
      return result
    }
  }
  return { runs, calls, release: () => { for (const release of releases.splice(0)) release() } }
}

describe('jobs on a schedule', () => {
  let module: Uint8Array
  let root: string
  let store: AppStore
  before(async () => {
    module = new Uint8Array(await readFile(await buildFixture('probe')))
    root = await mkdtemp(join(tmpdir(), 'pc2-schedule-'))
    store = await openAppStore(root)
    await store.install(packApp(module, manifest('nightly', { schedule: 'every 30m', scheduleArgs: ['echo', 'nightly'] })), { cid: 'bafy-nightly', grant: { schedule: true } })
    await store.install(packApp(module, manifest('asked', { schedule: 'hourly' })), { cid: 'bafy-asked' })
    await store.install(packApp(module, manifest('plain', {})), { cid: 'bafy-plain' })
  })

  it('reads the three forms of schedule, and a manifest states its arguments only with one', () => {
    assert.deepEqual(['hourly', 'daily', 'every 1m', 'every 9999m'].map(scheduleIntervalMs), [60 * minute, 24 * 60 * minute, minute, 9999 * minute])
    assert.throws(() => parseManifest(manifest('x', { scheduleArgs: ['a'] })), /"capabilities.scheduleArgs": expected no scheduleArgs without a schedule/)
    assert.throws(() => parseManifest(manifest('x', { schedule: 'daily', scheduleArgs: ['ok', 7] })), /"capabilities.scheduleArgs\[1\]": expected a text/)
    assert.throws(() => parseManifest(manifest('x', { schedule: 'daily', scheduleArgs: 'echo' })), /"capabilities.scheduleArgs": expected a list/)
    assert.ok(describeCapabilities(store.get('nightly').manifest).includes('Runs by itself every 30m, with the arguments "echo" "nightly", if you allow it.'))
  })

  it('runs a granted job at once, then once an interval, with its arguments; never one not granted', async () => {
    let now = Date.parse('2026-12-04T00:00:00Z')
    const { runs, calls } = recordingRuns()
    const scheduler = appScheduler({ store, runs, stateFile: join(root, 'state-1'), logger, now: () => now })
    await scheduler.start()
    await scheduler.check()
    assert.deepEqual(calls, [{ name: 'nightly', args: ['echo', 'nightly'], trigger: 'schedule' }])
    assert.equal(scheduler.nextRunAt('nightly'), '2026-12-04T00:30:00.000Z')
    assert.equal(scheduler.nextRunAt('asked'), undefined, 'asked for, not granted')
    assert.equal(scheduler.nextRunAt('plain'), undefined)
    now += 29 * minute
    await scheduler.check()
    assert.equal(calls.length, 1)
    now += minute
    await scheduler.check()
    assert.equal(calls.length, 2)
    await scheduler.stop()
  })

  it('neither repeats a run nor makes up every missed one after a restart', async () => {
    let now = Date.parse('2026-12-04T00:00:00Z')
    const stateFile = join(root, 'state-2')
    const first = recordingRuns()
    const before = appScheduler({ store, runs: first.runs, stateFile, logger, now: () => now })
    await before.start()
    await before.check()
    await before.stop()
    assert.equal(first.calls.length, 1)
    assert.deepEqual(Object.keys(JSON.parse(await readFile(stateFile, 'utf8'))), ['nightly'])
    // Back 10 minutes later: not due yet.
    now += 10 * minute
    const second = recordingRuns()
    const again = appScheduler({ store, runs: second.runs, stateFile, logger, now: () => now })
    await again.start()
    await again.check()
    assert.equal(second.calls.length, 0)
    await again.stop()
    // Off for a day (48 intervals): one run when back, not 48.
    now += 24 * 60 * minute
    const third = recordingRuns()
    const late = appScheduler({ store, runs: third.runs, stateFile, logger, now: () => now })
    await late.start()
    await late.check()
    await late.check()
    assert.equal(third.calls.length, 1)
    await late.stop()
  })

  it('never starts a job while its last scheduled run is still going', async () => {
    let now = Date.parse('2026-12-04T00:00:00Z')
    const held = recordingRuns({ hold: true })
    const scheduler = appScheduler({ store, runs: held.runs, stateFile: join(root, 'state-3'), logger, now: () => now })
    await scheduler.start()
    const first = scheduler.check()
    // Its state is saved first; then the run starts, and holds.
    while (held.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    now += 120 * minute
    await scheduler.check()
    assert.equal(held.calls.length, 1)
    held.release()
    await first
    // Once it has ended, the next look starts the next run (which holds in its turn).
    const second = scheduler.check()
    while (held.calls.length === 1) await new Promise((resolve) => setTimeout(resolve, 5))
    assert.equal(held.calls.length, 2)
    held.release()
    await second
    await scheduler.stop()
  })

  it('tries a run the node was too busy to start again at the next look, not an interval later', async () => {
    const now = Date.parse('2026-12-04T00:00:00Z')
    const stateFile = join(root, 'state-4')
    const busy = recordingRuns({ busy: true })
    const scheduler = appScheduler({ store, runs: busy.runs, stateFile, logger, now: () => now })
    await scheduler.start()
    await scheduler.check()
    await scheduler.check()
    assert.equal(busy.calls.length, 2)
    assert.deepEqual(JSON.parse(await readFile(stateFile, 'utf8')), {})
    await scheduler.stop()
  })

  it('refuses a state file that is not one, naming it', async () => {
    const stateFile = join(root, 'state-5')
    await writeFile(stateFile, '{"nightly": "yesterday"}')
    const scheduler = appScheduler({ store, runs: recordingRuns().runs, stateFile, logger })
    await assert.rejects(scheduler.start(), (error: Error) => error.message.includes(stateFile) && /ms since the epoch/.test(error.message))
  })

  it('runs the real probe on its schedule as soon as the owner allows it, and records it as the schedule\'s', async () => {
    const runs = appRuns({ store, runner: nodeWasiRunner(), logger })
    const scheduler = appScheduler({ store, runs, stateFile: join(root, 'state-6'), logger, checkEveryMs: 50 })
    await store.regrant('nightly', { schedule: false })
    await scheduler.start()
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal(runs.history('nightly').length, 0, 'not while the schedule is not granted')
    await store.regrant('nightly', { schedule: true })
    const deadline = Date.now() + 20_000
    while (runs.history('nightly').length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    await scheduler.stop()
    const [record] = runs.history('nightly')
    assert.equal(record?.trigger, 'schedule')
    assert.deepEqual([record?.outcome, record?.exitCode], ['exited', 0])
    assert.equal(runs.history('nightly').length, 1)
  })
})
