import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createNotifier } from '../src/index.ts'
import { writeRecorder } from './fixtures/recorder.ts'

describe('notify', () => {
  let dir = ''
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'pc2-notify-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('runs systemd-notify with the message when NOTIFY_SOCKET is set', async () => {
    const recorder = await writeRecorder(dir, 'systemd-notify')
    const notifier = createNotifier({ environment: { NOTIFY_SOCKET: '/run/systemd/notify' }, systemdNotify: recorder.path })
    await notifier.ready({ status: 'listening on [::]:80' })
    await notifier.status('busy "now"')
    await notifier.stopping()
    assert.deepEqual(await recorder.calls(), [
      ['--ready', '--status=listening on [::]:80'],
      ['--status=busy "now"'],
      ['STOPPING=1']
    ])
  })

  it('does nothing outside systemd', async () => {
    const recorder = await writeRecorder(dir, 'unused-notify')
    const notifier = createNotifier({ environment: {}, systemdNotify: recorder.path })
    await notifier.ready({ status: 'x' })
    await notifier.stopping()
    assert.deepEqual(await recorder.calls(), [])
  })

  it('reports a missing helper as UnavailableError', async () => {
    const notifier = createNotifier({ environment: { NOTIFY_SOCKET: '/run/systemd/notify' }, systemdNotify: join(dir, 'missing') })
    await assert.rejects(notifier.ready(), { name: 'UnavailableError' })
  })
})
