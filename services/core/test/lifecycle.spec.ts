import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { EventEmitter, once } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createLogger, runService } from '../src/index.ts'
import type { Notifier, ServiceDefinition, ServiceMain, StartableService } from '../src/index.ts'
import { writeRecorder } from './fixtures/recorder.ts'

/** A Notifier that remembers what it was told: an in-memory implementation, not a mock. */
function memoryNotifier (): Notifier & { messages: string[] } {
  const messages: string[] = []
  return {
    messages,
    ready: async (options = {}) => { messages.push(`ready ${options.status ?? ''}`.trim()) },
    stopping: async () => { messages.push('stopping') },
    status: async (text) => { messages.push(`status ${text}`) }
  }
}

function harness (service: ServiceDefinition | ServiceMain<StartableService>, stopTimeoutMs = 1_000, environment: NodeJS.ProcessEnv = {}) {
  const events = new EventEmitter()
  const exits: number[] = []
  const lines: string[] = []
  const notifier = memoryNotifier()
  const exited = runService(service, {
    events,
    exit: (code) => { exits.push(code) },
    logger: createLogger('test', { level: 'info', write: (line) => { lines.push(line) } }),
    notifier,
    stopTimeoutMs,
    environment
  })
  return { events, exits, lines, notifier, exited }
}

const tick = async (): Promise<void> => { await new Promise((resolve) => setImmediate(resolve)) }

describe('runService', () => {
  it('starts, notifies ready with the status, and on SIGTERM stops and exits 0', async () => {
    const calls: string[] = []
    const run = harness({
      name: 'svc',
      start: async () => { calls.push('start'); return 'up on 80' },
      stop: async () => { calls.push('stop') }
    })
    await tick()
    await tick()
    assert.deepEqual(run.notifier.messages, ['ready up on 80'])
    run.events.emit('SIGTERM')
    assert.equal(await run.exited, 0)
    assert.deepEqual(calls, ['start', 'stop'])
    assert.deepEqual(run.exits, [0])
    assert.deepEqual(run.notifier.messages, ['ready up on 80', 'stopping'])
    assert.ok(run.lines.some((line) => line.startsWith('<6>test: stopping signal=SIGTERM')))
  })

  it('exits 1 and logs at err priority when start fails', async () => {
    let stopped = false
    const run = harness({
      name: 'svc',
      start: async () => { throw new RangeError('no port') },
      stop: async () => { stopped = true }
    })
    assert.equal(await run.exited, 1)
    assert.deepEqual(run.notifier.messages, [])
    assert.equal(stopped, false)
    assert.deepEqual(run.lines, ['<3>test: start failed error="RangeError: no port"\n'])
  })

  it('exits 1 when stop outlives its deadline', async () => {
    const run = harness({
      name: 'svc',
      start: async () => {},
      stop: async ({ signal }) => { await new Promise((resolve) => signal.addEventListener('abort', resolve)) }
    }, 50)
    await tick()
    run.events.emit('SIGINT')
    assert.equal(await run.exited, 1)
    assert.ok(run.lines.some((line) => line.includes('stop failed error="TimeoutError: svc did not stop within 50 ms"')))
  })

  it('exits 1 on an unhandled rejection', async () => {
    const run = harness({ name: 'svc', start: async () => {}, stop: async () => {} })
    await tick()
    run.events.emit('unhandledRejection', new Error('lost'))
    assert.equal(await run.exited, 1)
    assert.ok(run.lines.some((line) => line.startsWith('<3>test: unhandled promise rejection error="Error: lost"')))
  })

  it('aborts a start in progress on SIGTERM, then stops and exits 0 without notifying ready', async () => {
    let stopped = false
    const run = harness({
      name: 'svc',
      start: async ({ signal }) => {
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => { reject(signal.reason) }))
      },
      stop: async () => { stopped = true }
    })
    await tick()
    run.events.emit('SIGTERM')
    assert.equal(await run.exited, 0)
    assert.equal(stopped, true)
    assert.deepEqual(run.notifier.messages, ['stopping'])
  })

  it('exits 1 at once on a second signal', async () => {
    const run = harness({
      name: 'svc',
      start: async () => {},
      stop: async () => { await new Promise((resolve) => setTimeout(resolve, 200)) }
    })
    await tick()
    run.events.emit('SIGTERM')
    run.events.emit('SIGTERM')
    assert.equal(await run.exited, 1)
    assert.deepEqual(run.exits, [1])
  })
})

describe('runService of a ServiceMain', () => {
  it('loads image.config and the settings from the environment, builds, starts and stops the service', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pc2-main-'))
    try {
      const imageConfigPath = fileURLToPath(new URL('../../../image.config', import.meta.url))
      await writeFile(join(root, 'pc2.conf'), '[log]\nlevel = debug\n[admin]\nport = 8123\n')
      const calls: string[] = []
      const run = harness({
        name: 'pc2-main',
        create: ({ imageConfig, settings, environment }) => {
          calls.push(`create ${imageConfig.name} ${settings['admin.port']} ${environment.PC2_EXTRA}`)
          return {
            start: async () => { calls.push('start') },
            stop: async () => { calls.push('stop') }
          }
        },
        status: (_service, { settings }) => `port ${settings['admin.port']}`
      }, 1_000, { PC2_IMAGE_CONFIG: imageConfigPath, PC2_CONFIG_DIR: root, PC2_EXTRA: 'x' })
      for (let tries = 0; run.notifier.messages.length === 0; tries++) {
        assert.ok(tries < 400, 'never ready')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      assert.deepEqual(run.notifier.messages, ['ready port 8123'])
      run.events.emit('SIGTERM')
      assert.equal(await run.exited, 0)
      assert.deepEqual(calls, ['create PC2 8123 x', 'start', 'stop'])
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('fails to start, naming the file, when the settings are wrong', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pc2-main-'))
    try {
      await writeFile(join(root, 'pc2.conf'), '[admin]\nport = eighty\n')
      let created = false
      const run = harness({
        name: 'pc2-main',
        create: () => { created = true; return { start: async () => {}, stop: async () => {} } }
      }, 1_000, { PC2_IMAGE_CONFIG: fileURLToPath(new URL('../../../image.config', import.meta.url)), PC2_CONFIG_DIR: root })
      assert.equal(await run.exited, 1)
      assert.equal(created, false)
      assert.ok(run.lines.some((line) => line.startsWith('<3>test: start failed') && line.includes('pc2.conf')), run.lines.join(''))
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })
})

describe('runService in a real process', () => {
  const node = process.execPath
  const fixture = fileURLToPath(new URL('./fixtures/service.ts', import.meta.url))
  let dir = ''
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'pc2-lifecycle-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  async function run (mode: string, options: { signal?: NodeJS.Signals, env?: Record<string, string> } = {}) {
    const marker = join(dir, `${mode}.marker`)
    const child = spawn(node, [fixture], {
      env: { PATH: process.env.PATH ?? '', FIXTURE_MODE: mode, FIXTURE_MARKER: marker, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let signalled = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      if (options.signal !== undefined && !signalled && stdout.includes('<6>fixture: started')) {
        signalled = true
        child.kill(options.signal)
      }
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    const [code, signal] = await once(child, 'exit') as [number | null, NodeJS.Signals | null]
    const stopped = await readFile(marker, 'utf8').catch(() => '')
    return { code, signal, stdout, stderr, stopped }
  }

  it('stops on SIGTERM, runs stop and exits 0, notifying systemd on the way', async () => {
    const recorder = await writeRecorder(dir, 'systemd-notify')
    const result = await run('normal', {
      signal: 'SIGTERM',
      env: { PATH: `${dir}:${process.env.PATH ?? ''}`, NOTIFY_SOCKET: join(dir, 'notify.sock') }
    })
    assert.equal(result.code, 0, result.stdout + result.stderr)
    assert.equal(result.signal, null)
    assert.equal(result.stopped, 'stopped')
    assert.match(result.stdout, /<6>fixture: started status="fixture ready"\n/)
    assert.match(result.stdout, /<6>fixture: stopped\n/)
    assert.deepEqual(await recorder.calls(), [['--ready', '--status=fixture ready'], ['STOPPING=1']])
  })

  it('stops on SIGINT too', async () => {
    const result = await run('normal', { signal: 'SIGINT' })
    assert.equal(result.code, 0, result.stdout + result.stderr)
    assert.equal(result.stopped, 'stopped')
  })

  it('exits 1 with an err line when start fails', async () => {
    const result = await run('fail-start')
    assert.equal(result.code, 1)
    assert.match(result.stdout, /^<3>fixture: start failed error="ConfigError: fixture cannot start"$/m)
  })

  it('exits 1 on an unhandled rejection', async () => {
    const result = await run('unhandled')
    assert.equal(result.code, 1)
    assert.match(result.stdout, /<3>fixture: unhandled promise rejection error="Error: nobody caught this"/)
  })

  it('exits 1 when stop outlives its deadline', async () => {
    const result = await run('slow-stop', { signal: 'SIGTERM', env: { FIXTURE_STOP_TIMEOUT_MS: '100' } })
    assert.equal(result.code, 1)
    assert.equal(result.stopped, '')
    assert.match(result.stdout, /stop failed error="TimeoutError/)
  })
})
