import assert from 'node:assert/strict'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { configureLogging, createLogger } from '@pc2/core'
import { errorName, send } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'
import { claimed, loginAs, newAccount } from '../fixtures/siwe.ts'
import type { OwnerCredentials } from '../fixtures/siwe.ts'

interface SettingRow { name: string, section: string, help: string, default: string, value: string, source: string, restartRequired: boolean }

describe('/api/settings', () => {
  let node: TestNode
  let owner: OwnerCredentials
  let dropIn = ''
  const account = newAccount()
  before(async () => {
    node = await startTestNode()
    owner = await claimed(node, account)
    dropIn = join(node.configDir, 'pc2.conf.d', '50-admin-ui.conf')
    await writeFile(join(node.configDir, 'pc2.conf'), '[admin]\nlisten = 127.0.0.1\n')
  })
  after(async () => {
    configureLogging({ level: 'info' })
    await node.stop()
  })

  const list = async (): Promise<SettingRow[]> => {
    const response = await send(node.port, 'GET', '/api/settings', { headers: { Cookie: owner.cookie } })
    assert.equal(response.status, 200, response.body)
    return (JSON.parse(response.body) as { settings: SettingRow[] }).settings
  }
  const put = async (values: unknown): ReturnType<typeof send> =>
    await send(node.port, 'PUT', '/api/settings', { headers: owner.headers, json: { values } })

  it('lists every setting with default, value, source and restart flag', async () => {
    const rows = await list()
    assert.deepEqual(rows.map(({ help, ...row }) => { assert.notEqual(help, ''); return row }), [
      { name: 'admin.port', section: 'admin', default: '80', value: '80', source: 'image', restartRequired: true },
      { name: 'admin.listen', section: 'admin', default: '::', value: '127.0.0.1', source: join(node.configDir, 'pc2.conf'), restartRequired: true },
      { name: 'log.level', section: 'log', default: 'info', value: 'info', source: 'default', restartRequired: false },
      { name: 'auth.chainId', section: 'auth', default: '1', value: '1', source: 'default', restartRequired: false },
      { name: 'auth.sessionHours', section: 'auth', default: '12', value: '12', source: 'default', restartRequired: false },
      { name: 'ipfs.port', section: 'ipfs', default: '4001', value: '4001', source: 'default', restartRequired: true },
      { name: 'ipfs.quota', section: 'ipfs', default: 'auto', value: 'auto', source: 'default', restartRequired: true },
      { name: 'ipfs.publicNetwork', section: 'ipfs', default: 'off', value: 'off', source: 'default', restartRequired: true },
      { name: 'ipfs.gatewayPort', section: 'ipfs', default: 'auto', value: 'auto', source: 'default', restartRequired: true },
      { name: 'shop.rpcUrl', section: 'shop', default: 'off', value: 'off', source: 'default', restartRequired: false },
      { name: 'shop.contract', section: 'shop', default: 'off', value: 'off', source: 'default', restartRequired: false },
      { name: 'shop.payoutAddress', section: 'shop', default: 'owner', value: 'owner', source: 'default', restartRequired: false },
      { name: 'shop.confirmations', section: 'shop', default: '1', value: '1', source: 'default', restartRequired: false },
      { name: 'shop.pollInterval', section: 'shop', default: '1000', value: '1000', source: 'default', restartRequired: false },
      { name: 'egress.dnsServers', section: 'egress', default: 'auto', value: 'auto', source: 'default', restartRequired: false },
      { name: 'egress.ntpServers', section: 'egress', default: '0.debian.pool.ntp.org 1.debian.pool.ntp.org 2.debian.pool.ntp.org 3.debian.pool.ntp.org', value: '0.debian.pool.ntp.org 1.debian.pool.ntp.org 2.debian.pool.ntp.org 3.debian.pool.ntp.org', source: 'default', restartRequired: false }
    ])
  })

  it('refuses a batch with one bad value: 400 with details, nothing written', async () => {
    const response = await put({ 'auth.sessionHours': '24', 'admin.port': '70000' })
    assert.equal(response.status, 400)
    const body = JSON.parse(response.body) as { error: { name: string, details: unknown } }
    assert.equal(body.error.name, 'InvalidInputError')
    assert.deepEqual(body.error.details, { setting: 'admin.port', expected: 'an integer from 1 to 65535' })
    await assert.rejects(stat(dropIn), { code: 'ENOENT' })
    for (const bad of [{ 'admin.nope': '1' }, { 'log.level': 3 }, 'debug', null]) {
      assert.equal(errorName(await put(bad)), 'InvalidInputError', JSON.stringify(bad))
    }
    assert.equal(errorName(await send(node.port, 'PUT', '/api/settings', { headers: owner.headers, json: { 'log.level': 'debug' } })), 'InvalidInputError')
    await assert.rejects(stat(dropIn), { code: 'ENOENT' })
  })

  it('writes good values to 50-admin-ui.conf atomically and answers with the file as source', async () => {
    const response = await put({ 'auth.sessionHours': '24', 'admin.port': '8081' })
    assert.equal(response.status, 200, response.body)
    const rows = (JSON.parse(response.body) as { settings: SettingRow[] }).settings
    const byName = new Map(rows.map((row) => [row.name, row]))
    assert.deepEqual([byName.get('auth.sessionHours')?.value, byName.get('auth.sessionHours')?.source], ['24', dropIn])
    assert.deepEqual([byName.get('admin.port')?.value, byName.get('admin.port')?.source, byName.get('admin.port')?.restartRequired], ['8081', dropIn, true])
    assert.equal(byName.get('admin.listen')?.source, join(node.configDir, 'pc2.conf'))
    assert.match(await readFile(dropIn, 'utf8'), /\[admin\]\nport = 8081\n\n\[auth\]\nsessionHours = 24\n$/)
    assert.deepEqual(await readdir(join(node.configDir, 'pc2.conf.d')), ['50-admin-ui.conf'])
    assert.deepEqual(await list(), rows)
  })

  it('merges later changes into the file, and applies them live where it can', async () => {
    const response = await put({ 'log.level': 'warning' })
    assert.equal(response.status, 200)
    const text = await readFile(dropIn, 'utf8')
    assert.match(text, /port = 8081/)
    assert.match(text, /sessionHours = 24/)
    assert.match(text, /\[log\]\nlevel = warning/)
    // auth.sessionHours took effect for the next sign-in, log.level for the next line.
    const signedIn = await loginAs(node, account)
    assert.match(signedIn.headers['set-cookie']?.[0] ?? '', /Max-Age=86400$/)
    // A logger without a level of its own follows the process-wide one, as pc2-admin's does.
    const lines: string[] = []
    const following = createLogger('pc2-admin', { write: (line) => { lines.push(line) } })
    following.info('hidden')
    following.warning('shown')
    assert.deepEqual(lines, ['<4>pc2-admin: shown\n'])
  })

  it('shows that a later drop-in wins over the admin UI\'s file', async () => {
    const later = join(node.configDir, 'pc2.conf.d', '90-local.conf')
    await writeFile(later, '[auth]\nsessionHours = 2\n')
    const row = (await list()).find((setting) => setting.name === 'auth.sessionHours')
    assert.deepEqual([row?.value, row?.source], ['2', later])
  })
})
