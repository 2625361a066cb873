import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { defaultSettings, formatSettingValue, loadSettings, loadSettingsWithSources, parseImageConfig, settingNames, settingSection, settingsTable } from '../src/index.ts'
import { validText } from './fixtures/image-config.ts'

describe('settings', () => {
  let root = ''
  let case_ = 0
  const freshDir = async (): Promise<string> => {
    const dir = join(root, `case-${case_++}`)
    await mkdir(dir)
    return dir
  }
  before(async () => { root = await mkdtemp(join(tmpdir(), 'pc2-settings-')) })
  after(async () => { await rm(root, { recursive: true, force: true }) })

  const image = parseImageConfig(validText, 'image.config')

  it('uses table defaults when there is no image config and no directory', async () => {
    const settings = await loadSettings({ configDir: join(root, 'does-not-exist') })
    assert.deepEqual(settings, {
      'admin.port': 80, 'admin.listen': '::', 'log.level': 'info', 'auth.chainId': 1, 'auth.sessionHours': 12,
      'ipfs.port': 4001, 'ipfs.quota': 'auto', 'ipfs.publicNetwork': 'off', 'ipfs.gatewayPort': 'auto',
      'shop.rpcUrl': 'off', 'shop.contract': 'off', 'shop.payoutAddress': 'owner', 'shop.confirmations': 1, 'shop.pollInterval': 1000,
      'egress.dnsServers': 'auto', 'egress.ntpServers': ['0.debian.pool.ntp.org', '1.debian.pool.ntp.org', '2.debian.pool.ntp.org', '3.debian.pool.ntp.org']
    })
  })

  it('takes admin.port from image.config before any file', async () => {
    const settings = await loadSettings({ configDir: await freshDir(), imageConfig: image })
    assert.equal(settings['admin.port'], 8080)
  })

  it('lets pc2.conf override the image, and drop-ins override pc2.conf in name order', async () => {
    const dir = await freshDir()
    await writeFile(join(dir, 'pc2.conf'), '[admin]\nport = 8081\nlisten = 127.0.0.1\n')
    await mkdir(join(dir, 'pc2.conf.d'))
    await writeFile(join(dir, 'pc2.conf.d', '20-later.conf'), '[admin]\nport = 8083\n')
    await writeFile(join(dir, 'pc2.conf.d', '10-early.conf'), '[admin]\nport = 8082\n[log]\nlevel = debug\n')
    await writeFile(join(dir, 'pc2.conf.d', 'ignored.txt'), '[admin]\nport = 1\n')
    const settings = await loadSettings({ configDir: dir, imageConfig: image })
    assert.deepEqual(settings, {
      'admin.port': 8083, 'admin.listen': '127.0.0.1', 'log.level': 'debug', 'auth.chainId': 1, 'auth.sessionHours': 12,
      'ipfs.port': 4001, 'ipfs.quota': 'auto', 'ipfs.publicNetwork': 'off', 'ipfs.gatewayPort': 'auto',
      'shop.rpcUrl': 'off', 'shop.contract': 'off', 'shop.payoutAddress': 'owner', 'shop.confirmations': 1, 'shop.pollInterval': 1000,
      'egress.dnsServers': 'auto', 'egress.ntpServers': ['0.debian.pool.ntp.org', '1.debian.pool.ntp.org', '2.debian.pool.ntp.org', '3.debian.pool.ntp.org']
    })
  })

  it('says which layer set each setting', async () => {
    const dir = await freshDir()
    await writeFile(join(dir, 'pc2.conf'), '[admin]\nport = 8081\n[auth]\nchainId = 10\n')
    await mkdir(join(dir, 'pc2.conf.d'))
    await writeFile(join(dir, 'pc2.conf.d', '50-admin-ui.conf'), '[auth]\nchainId = 8453\nsessionHours = 2\n')
    const { settings, sources } = await loadSettingsWithSources({ configDir: dir, imageConfig: image })
    assert.equal(settings['auth.chainId'], 8453)
    assert.equal(settings['auth.sessionHours'], 2)
    assert.deepEqual(sources, {
      'admin.port': join(dir, 'pc2.conf'),
      'admin.listen': 'default',
      'log.level': 'default',
      'auth.chainId': join(dir, 'pc2.conf.d', '50-admin-ui.conf'),
      'auth.sessionHours': join(dir, 'pc2.conf.d', '50-admin-ui.conf'),
      'ipfs.port': 'default',
      'ipfs.quota': 'default',
      'ipfs.publicNetwork': 'default',
      'ipfs.gatewayPort': 'default',
      'shop.rpcUrl': 'default',
      'shop.contract': 'default',
      'shop.payoutAddress': 'default',
      'shop.confirmations': 'default',
      'shop.pollInterval': 'default',
      'egress.dnsServers': 'default',
      'egress.ntpServers': 'default'
    })
    const imageOnly = await loadSettingsWithSources({ configDir: await freshDir(), imageConfig: image })
    assert.equal(imageOnly.sources['admin.port'], 'image')
    assert.equal((await loadSettingsWithSources({ configDir: await freshDir() })).sources['admin.port'], 'default')
  })

  it('bounds the auth settings', async () => {
    for (const [text, problem] of [
      ['[auth]\nchainId = 0\n', 'auth.chainId: "0" is not valid; expected an integer from 1 to'],
      ['[auth]\nsessionHours = 169\n', 'auth.sessionHours: "169" is not valid; expected an integer from 1 to 168']
    ] as const) {
      const dir = await freshDir()
      await writeFile(join(dir, 'pc2.conf'), text)
      await assert.rejects(loadSettings({ configDir: dir }), (error: Error) => {
        assert.equal(error.name, 'ConfigError')
        assert.ok(error.message.includes(problem), error.message)
        return true
      })
    }
  })

  it('names file, line, setting, value and expectation of a bad value', async () => {
    const dir = await freshDir()
    await writeFile(join(dir, 'pc2.conf'), '# mine\n[admin]\nport = 0\n')
    await assert.rejects(loadSettings({ configDir: dir }), (error: Error) => {
      assert.equal(error.name, 'ConfigError')
      assert.equal(error.message, `${join(dir, 'pc2.conf')}:3: admin.port: "0" is not valid; expected an integer from 1 to 65535`)
      return true
    })
  })

  it('rejects unknown settings, settings outside a section and bad lines, all at once', async () => {
    const dir = await freshDir()
    await mkdir(join(dir, 'pc2.conf.d'))
    const file = join(dir, 'pc2.conf.d', 'a.conf')
    await writeFile(file, 'port = 1\n[admin]\nprot = 8080\n[log]\nlevel = loud\nwhat\n')
    await assert.rejects(loadSettings({ configDir: dir }), (error: Error) => {
      assert.equal(error.name, 'ConfigError')
      const lines = error.message.split('\n')
      assert.equal(lines.length, 4)
      assert.match(lines[0] ?? '', new RegExp(`^${file}:6: not a \\[section\\]`))
      assert.match(lines[1] ?? '', new RegExp(`^${file}:1: port: outside any \\[section\\]`))
      assert.match(lines[2] ?? '', new RegExp(`^${file}:3: admin.prot: unknown setting \\(known settings: admin.port, `))
      assert.match(lines[3] ?? '', new RegExp(`^${file}:5: log.level: "loud" is not valid; expected one of: debug, info`))
      return true
    })
  })

  it('refuses an unreadable settings path rather than ignoring it', async () => {
    const dir = await freshDir()
    await mkdir(join(dir, 'pc2.conf'))
    await assert.rejects(loadSettings({ configDir: dir }), { name: 'ConfigError' })
  })

  it('has a complete table: parser, help, a valid default, a section, restart flag', () => {
    assert.deepEqual(settingNames(), ['admin.port', 'admin.listen', 'log.level', 'auth.chainId', 'auth.sessionHours',
      'ipfs.port', 'ipfs.quota', 'ipfs.publicNetwork', 'ipfs.gatewayPort',
      'shop.rpcUrl', 'shop.contract', 'shop.payoutAddress', 'shop.confirmations', 'shop.pollInterval', 'egress.dnsServers', 'egress.ntpServers'])
    assert.deepEqual(settingNames().filter((name) => settingsTable[name].restartRequired),
      // pc2-shop applies its settings live.
      ['admin.port', 'admin.listen', 'ipfs.port', 'ipfs.quota', 'ipfs.publicNetwork', 'ipfs.gatewayPort'])
    for (const name of settingNames()) {
      const definition = settingsTable[name]
      assert.notEqual(definition.help, '')
      assert.deepEqual(definition.parser.parse(formatSettingValue(definition.default)), definition.default)
      assert.match(settingSection(name), /^[a-z]+$/)
    }
    assert.equal(defaultSettings(image)['admin.port'], 8080)
  })
})
