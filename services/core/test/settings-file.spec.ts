import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { loadSettingsWithSources, updateSettingsFile } from '../src/index.ts'

describe('updateSettingsFile', () => {
  let root = ''
  before(async () => { root = await mkdtemp(join(tmpdir(), 'pc2-settings-file-')) })
  after(async () => { await rm(root, { recursive: true, force: true }) })

  it('creates the drop-in directory and a file the loader reads back', async () => {
    const dir = join(root, 'a')
    const file = join(dir, 'pc2.conf.d', '50-admin-ui.conf')
    await updateSettingsFile(file, { 'auth.sessionHours': 24, 'admin.port': 8081 })
    assert.equal(await readFile(file, 'utf8'), [
      '# Written by pc2-admin (the admin UI settings page). Files sorting after this one override it.',
      '',
      '[admin]',
      'port = 8081',
      '',
      '[auth]',
      'sessionHours = 24',
      ''
    ].join('\n'))
    assert.equal((await stat(file)).mode & 0o777, 0o644)
    assert.equal((await stat(join(dir, 'pc2.conf.d'))).mode & 0o777, 0o755)
    const { settings, sources } = await loadSettingsWithSources({ configDir: dir })
    assert.equal(settings['admin.port'], 8081)
    assert.equal(sources['auth.sessionHours'], file)
  })

  it('merges with what the file holds and leaves no temporary file', async () => {
    const dir = join(root, 'b')
    const file = join(dir, '50-admin-ui.conf')
    await updateSettingsFile(file, { 'log.level': 'debug', 'auth.chainId': 10 })
    await updateSettingsFile(file, { 'auth.chainId': 8453 })
    const { settings } = await loadSettingsWithSources({ configDir: join(root, 'nowhere') })
    assert.equal(settings['auth.chainId'], 1)
    const text = await readFile(file, 'utf8')
    assert.match(text, /\[log\]\nlevel = debug\n/)
    assert.match(text, /\[auth\]\nchainId = 8453\n/)
    assert.deepEqual(await readdir(dir), ['50-admin-ui.conf'])
  })

  it('refuses to rewrite a file with bad lines, and leaves it as it was', async () => {
    const dir = join(root, 'c')
    const file = join(dir, '50-admin-ui.conf')
    await updateSettingsFile(file, { 'log.level': 'debug' })
    await writeFile(file, '[log]\nlevel = loud\n')
    await assert.rejects(updateSettingsFile(file, { 'admin.port': 81 }), (error: Error) => {
      assert.equal(error.name, 'ConfigError')
      assert.match(error.message, /50-admin-ui\.conf:2: log\.level: "loud" is not valid/)
      return true
    })
    assert.equal(await readFile(file, 'utf8'), '[log]\nlevel = loud\n')
  })
})
