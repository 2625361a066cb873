import assert from 'node:assert/strict'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ownerResetRequested } from '../../src/auth/reset-owner.ts'
import { send } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import { cmdline } from '../fixtures/proc-text.ts'
import { claimAs, newAccount } from '../fixtures/siwe.ts'

const ownerJson = '{\n  "address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",\n  "claimedAt": "2025-01-01T00:00:00.000Z"\n}\n'

describe('owner reset (pc2.reset-owner=1)', () => {
  it('looks for the exact kernel parameter', () => {
    assert.equal(ownerResetRequested('ro quiet pc2.reset-owner=1\n'), true)
    assert.equal(ownerResetRequested('pc2.reset-owner=1'), true)
    for (const text of ['ro quiet', 'pc2.reset-owner=0', 'pc2.reset-owner=10', 'xpc2.reset-owner=1', 'pc2.reset-owner']) {
      assert.equal(ownerResetRequested(text), false, text)
    }
  })

  it('without the parameter, keeps the owner and issues no code', async () => {
    const node = await startTestNode({ ownerJson })
    try {
      assert.equal(JSON.parse((await send(node.port, 'GET', '/api/health')).body).claimed, true)
      await assert.rejects(stat(join(node.runtimeDir, 'claim-code')), { code: 'ENOENT' })
      assert.ok(!node.logLines.some((line) => line.includes('claim code')))
    } finally {
      await node.stop()
    }
  })

  it('moves owner.json aside, logs it at warning, and starts unclaimed with a new code', async () => {
    const node = await startTestNode({ ownerJson, cmdline: cmdline.replace(' quiet', ' pc2.reset-owner=1 quiet') })
    try {
      const names = await readdir(node.stateDir)
      assert.equal(names.length, 1)
      assert.match(names[0] ?? '', /^owner\.json\.reset-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      assert.equal(await readFile(join(node.stateDir, names[0] ?? ''), 'utf8'), ownerJson)
      assert.ok(node.logLines.some((line) => line.startsWith('<4>pc2-admin: owner reset requested (pc2.reset-owner=1): the node is unclaimed again movedTo=')))
      assert.equal(JSON.parse((await send(node.port, 'GET', '/api/health')).body).claimed, false)
      const account = newAccount()
      const response = await claimAs(node, account)
      assert.equal(response.status, 200, response.body)
      assert.equal((JSON.parse(await readFile(join(node.stateDir, 'owner.json'), 'utf8')) as { address: string }).address, account.address)
    } finally {
      await node.stop()
    }
  })

  it('says so when there was no owner to reset', async () => {
    const node = await startTestNode({ cmdline: 'pc2.reset-owner=1\n' })
    try {
      assert.ok(node.logLines.some((line) => line.startsWith('<4>pc2-admin: owner reset requested (pc2.reset-owner=1), but the node has no owner')))
      assert.match(await node.claimCode(), /^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    } finally {
      await node.stop()
    }
  })
})

describe('owner.json that cannot be understood', () => {
  it('stops the start with a ConfigError that names the file and the way out', async () => {
    for (const text of ['{', '{"address":"0x12","claimedAt":"x"}', '{"address":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"}']) {
      await assert.rejects(startTestNode({ ownerJson: text }), (error: Error) => {
        assert.equal(error.name, 'ConfigError')
        assert.match(error.message, /owner\.json: .*pc2\.reset-owner=1/)
        return true
      }, text)
    }
  })
})
