import assert from 'node:assert/strict'
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { errorName, send } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'
import { claimed, newAccount } from '../fixtures/siwe.ts'
import type { OwnerCredentials } from '../fixtures/siwe.ts'

describe('POST /api/system/reboot and /poweroff', () => {
  let node: TestNode
  let owner: OwnerCredentials
  before(async () => {
    node = await startTestNode()
    owner = await claimed(node, newAccount())
  })
  after(async () => { await node.stop() })

  for (const action of ['reboot', 'poweroff'] as const) {
    it(`writes "${action}" to <runtimeDir>/power-request and answers 202`, async () => {
      const file = join(node.runtimeDir, 'power-request')
      await rm(file, { force: true })
      const response = await send(node.port, 'POST', `/api/system/${action}`, { headers: owner.headers })
      assert.equal(response.status, 202, response.body)
      assert.deepEqual(JSON.parse(response.body), { accepted: action })
      assert.equal(await readFile(file, 'utf8'), `${action}\n`)
      assert.equal((await stat(file)).mode & 0o777, 0o644)
      assert.deepEqual((await readdir(node.runtimeDir)).filter((name) => name.endsWith('.tmp')), [])
      assert.ok(node.logLines.some((line) => line.startsWith(`<5>pc2-admin: ${action} requested by the owner`)))
    })
  }

  it('answers 503 when the runtime directory is gone', async () => {
    await rm(node.runtimeDir, { recursive: true })
    const response = await send(node.port, 'POST', '/api/system/reboot', { headers: owner.headers })
    assert.equal(response.status, 503)
    assert.equal(errorName(response), 'UnavailableError')
  })
})
