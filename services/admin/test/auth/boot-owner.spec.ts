import assert from 'node:assert/strict'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ownerOnCommandLine } from '../../src/auth/boot-owner.ts'
import { send } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import { cmdline } from '../fixtures/proc-text.ts'
import { loginAs, newAccount } from '../fixtures/siwe.ts'

const checksummed = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'

describe('owner named on the boot command line (pc2.owner=)', () => {
  it('takes a lower-case or correctly checksummed address, and names anything else', () => {
    assert.deepEqual(ownerOnCommandLine(`quiet pc2.owner=${checksummed.toLowerCase()}\n`), { address: checksummed })
    assert.deepEqual(ownerOnCommandLine(`pc2.owner=${checksummed}`), { address: checksummed })
    assert.equal(ownerOnCommandLine('quiet pc2.reset-owner=1'), undefined)
    const typo = checksummed.replace('aAeb', 'aAEb')
    for (const value of [typo, '0x1234', 'alice.eth', '']) assert.deepEqual(ownerOnCommandLine(`pc2.owner=${value} quiet`), { invalid: value })
  })

  it('makes an unclaimed node that wallet\'s at start, with no claim code', async () => {
    const owner = newAccount()
    const node = await startTestNode({ cmdline: cmdline.replace(' quiet', ` pc2.owner=${owner.address.toLowerCase()} quiet`) })
    try {
      assert.equal(JSON.parse((await send(node.port, 'GET', '/api/health')).body).claimed, true)
      await assert.rejects(stat(join(node.runtimeDir, 'claim-code')), { code: 'ENOENT' })
      assert.equal((JSON.parse(await readFile(join(node.stateDir, 'owner.json'), 'utf8')) as { address: string }).address, owner.address)
      assert.ok(node.logLines.some((line) => line.startsWith(`<5>pc2-admin: claimed by the owner named on the boot command line (pc2.owner=) owner=${owner.address}`)), node.logLines.join('\n'))
      assert.equal((await loginAs(node, owner)).status, 200)
      assert.equal((await loginAs(node, newAccount())).status, 403)
    } finally {
      await node.stop()
    }
  })

  it('leaves a node that has an owner with that owner', async () => {
    const ownerJson = `{\n  "address": "${checksummed}",\n  "claimedAt": "2025-01-01T00:00:00.000Z"\n}\n`
    const node = await startTestNode({ ownerJson, cmdline: `pc2.owner=${newAccount().address}\n` })
    try {
      assert.equal(await readFile(join(node.stateDir, 'owner.json'), 'utf8'), ownerJson)
    } finally {
      await node.stop()
    }
  })

  it('refuses an address that is not one, in the log, and issues a claim code as usual', async () => {
    const node = await startTestNode({ cmdline: 'pc2.owner=0xnotanaddress\n' })
    try {
      assert.ok(node.logLines.some((line) => line.startsWith('<3>pc2-admin: pc2.owner= on the boot command line is not an Ethereum address')), node.logLines.join('\n'))
      assert.match(await node.claimCode(), /^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
      assert.equal(JSON.parse((await send(node.port, 'GET', '/api/health')).body).claimed, false)
    } finally {
      await node.stop()
    }
  })
})
