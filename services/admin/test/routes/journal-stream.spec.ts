import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { errorName, send } from '../fixtures/http-client.ts'
import { installJournalctl } from '../fixtures/journalctl.ts'
import type { FakeJournalctl } from '../fixtures/journalctl.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'
import { claimed, newAccount } from '../fixtures/siwe.ts'

function alive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function until (condition: () => boolean | Promise<boolean>, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

interface Stream {
  response: IncomingMessage
  /** Everything received so far. */
  text: () => string
  close: () => void
}

async function openStream (port: number, path: string, cookie: string): Promise<Stream> {
  return await new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, agent: false, headers: { Cookie: cookie, Accept: 'text/event-stream' } }, (response) => {
      let text = ''
      response.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
      response.on('error', () => {})
      resolve({ response, text: () => text, close: () => { outgoing.destroy() } })
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}

describe('GET /api/journal/stream', () => {
  let node: TestNode
  let journalctl: FakeJournalctl
  let cookie = ''
  let bin = ''
  before(async () => {
    bin = await mkdtemp(join(tmpdir(), 'pc2-journalctl-'))
    journalctl = await installJournalctl(bin)
    node = await startTestNode({ journalctl: journalctl.program, journalKeepAliveMs: 100 })
    cookie = (await claimed(node, newAccount())).cookie
  })
  after(async () => {
    await node.stop()
    await rm(bin, { recursive: true, force: true })
  })

  it('delivers each new entry as an SSE data event, with keep-alive comments', async () => {
    const stream = await openStream(node.port, '/api/journal/stream?unit=pc2-egress.service&priority=5', cookie)
    try {
      assert.equal(stream.response.statusCode, 200)
      assert.equal(stream.response.headers['content-type'], 'text/event-stream; charset=utf-8')
      assert.equal(stream.response.headers['cache-control'], 'no-store')
      await until(() => (stream.text().match(/^data: /gm) ?? []).length >= 3 && stream.text().includes(': keep-alive\n\n'), 'three events and a keep-alive')
      const events = stream.text().split('\n\n').filter((event) => event.startsWith('data: '))
      assert.deepEqual(JSON.parse(events[0]?.slice('data: '.length) ?? ''), {
        time: '2023-11-14T22:13:30.000Z', unit: 'pc2-egress.service', priority: 5, pid: 77, message: 'tick 1'
      })
      assert.equal(JSON.parse(events[2]?.slice('data: '.length) ?? '').message, 'tick 3')
      assert.equal((await journalctl.calls()).at(-1),
        '-o json --no-pager --output-fields=__REALTIME_TIMESTAMP,_SYSTEMD_UNIT,PRIORITY,_PID,MESSAGE -u pc2-egress.service -p 5 --follow -n 0')
    } finally {
      stream.close()
    }
  })

  it('kills journalctl when the client goes away', async () => {
    const stream = await openStream(node.port, '/api/journal/stream', cookie)
    await until(() => stream.text().includes('data: '), 'the first event')
    const pid = await journalctl.followPid()
    assert.ok(alive(pid))
    stream.close()
    await until(() => !alive(pid), `journalctl ${pid} to end`)
  })

  it('kills journalctl and ends the stream when the server stops', async () => {
    const other = await startTestNode({ journalctl: journalctl.program })
    const owner = await claimed(other, newAccount())
    const stream = await openStream(other.port, '/api/journal/stream', owner.cookie)
    await until(() => stream.text().includes('data: '), 'the first event')
    const pid = await journalctl.followPid()
    const ended = new Promise<void>((resolve) => { stream.response.on('end', resolve).on('close', resolve) })
    const stopping = Date.now()
    await other.stop()
    await ended
    assert.ok(Date.now() - stopping < 3_000)
    await until(() => !alive(pid), `journalctl ${pid} to end`)
  })

  it('validates the query before starting anything', async () => {
    const response = await send(node.port, 'GET', '/api/journal/stream?priority=9', { headers: { Cookie: cookie } })
    assert.equal(response.status, 400)
    assert.equal(errorName(response), 'InvalidInputError')
  })

  it('answers 503 when journalctl cannot be started', async () => {
    const other = await startTestNode({ journalctl: join(bin, 'missing') })
    try {
      const owner = await claimed(other, newAccount())
      const response = await send(other.port, 'GET', '/api/journal/stream', { headers: { Cookie: owner.cookie } })
      assert.equal(response.status, 503)
      assert.match(response.body, /is not installed/)
    } finally {
      await other.stop()
    }
  })
})
