import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { errorName, send } from '../fixtures/http-client.ts'
import { installJournalctl } from '../fixtures/journalctl.ts'
import type { FakeJournalctl } from '../fixtures/journalctl.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'
import { claimed, newAccount } from '../fixtures/siwe.ts'

const fields = '-o json --no-pager --output-fields=__REALTIME_TIMESTAMP,_SYSTEMD_UNIT,PRIORITY,_PID,MESSAGE'

describe('GET /api/journal', () => {
  let node: TestNode
  let journalctl: FakeJournalctl
  let cookie = ''
  let bin = ''
  before(async () => {
    bin = await mkdtemp(join(tmpdir(), 'pc2-journalctl-'))
    journalctl = await installJournalctl(bin)
    node = await startTestNode({ journalctl: journalctl.program })
    cookie = (await claimed(node, newAccount())).cookie
  })
  after(async () => {
    await node.stop()
    await rm(bin, { recursive: true, force: true })
  })

  const get = async (query: string): ReturnType<typeof send> => await send(node.port, 'GET', `/api/journal${query}`, { headers: { Cookie: cookie } })

  it('answers the entries journalctl prints, oldest first, with every field decoded', async () => {
    const response = await get('')
    assert.equal(response.status, 200, response.body)
    assert.deepEqual(JSON.parse(response.body), {
      entries: [
        { time: '2023-11-14T22:13:20.000Z', unit: 'pc2-admin.service', priority: 6, pid: 321, message: 'listening host=:: port=80' },
        { time: '2023-11-14T22:13:21.500Z', unit: null, priority: 3, pid: null, message: 'EXT4-fs error (device vda4)' },
        { time: '2023-11-14T22:13:22.000Z', unit: 'pc2-admin.service', priority: 4, pid: 321, message: 'héllo' },
        { time: '2023-11-14T22:13:23.000Z', unit: 'pc2-admin.service', priority: 6, pid: 321, message: '[message longer than 4096 bytes; see journalctl on the node]' }
      ]
    })
    assert.equal((await journalctl.calls()).at(-1), `${fields} -n 200`)
  })

  it('passes unit, priority and lines on to journalctl', async () => {
    assert.equal((await get('?unit=pc2-admin.service&priority=3&lines=1000')).status, 200)
    assert.equal((await journalctl.calls()).at(-1), `${fields} -u pc2-admin.service -p 3 -n 1000`)
    assert.equal((await get('?unit=getty@tty1.service&lines=1')).status, 200)
    assert.equal((await journalctl.calls()).at(-1), `${fields} -u getty@tty1.service -n 1`)
  })

  it('refuses bad parameters with 400 naming the parameter, without running journalctl', async () => {
    const before = (await journalctl.calls()).length
    for (const [query, parameter] of [
      ['?unit=', 'unit'],
      ['?unit=a%20b', 'unit'],
      ['?unit=--follow%3Bx', 'unit'],
      ['?unit=a&unit=b', 'unit'],
      ['?priority=8', 'priority'],
      ['?priority=err', 'priority'],
      ['?priority=-1', 'priority'],
      ['?lines=0', 'lines'],
      ['?lines=1001', 'lines'],
      ['?lines=12abc', 'lines'],
      ['?lines=01', 'lines']
    ] as const) {
      const response = await get(query)
      assert.equal(response.status, 400, query)
      const body = JSON.parse(response.body) as { error: { name: string, message: string, details: { parameter: string } } }
      assert.equal(body.error.name, 'InvalidInputError', query)
      assert.equal(body.error.details.parameter, parameter, query)
      assert.ok(body.error.message.startsWith(`${parameter}: `), body.error.message)
    }
    assert.equal((await journalctl.calls()).length, before)
  })

  it('answers 503 UnavailableError when journalctl fails or is missing', async () => {
    const bin = join(node.fixture.root, 'failing')
    await mkdir(bin)
    const failing = await installJournalctl(bin, 'fail')
    for (const program of [failing.program, join(bin, 'nothing-here')]) {
      const other = await startTestNode({ journalctl: program })
      try {
        const owner = await claimed(other, newAccount())
        const response = await send(other.port, 'GET', '/api/journal', { headers: { Cookie: owner.cookie } })
        assert.equal(response.status, 503)
        assert.equal(errorName(response), 'UnavailableError')
        assert.match(response.body, program === failing.program ? /Permission denied/ : /is not installed/)
      } finally {
        await other.stop()
      }
    }
  })
})
