import assert from 'node:assert/strict'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { freePort } from '@pc2/test-support/free-port'
import { imageConfigPath, runServiceMain } from '@pc2/test-support/service-process'
import type { ServiceRun } from '@pc2/test-support/service-process'
import { send } from './fixtures/http-client.ts'
import { createFixtureSystem } from './fixtures/system.ts'
import type { FixtureSystem } from './fixtures/system.ts'

const main = new URL('../src/main.ts', import.meta.url)
const imageConfig = imageConfigPath
const runMain = (env: Record<string, string>): ServiceRun => runServiceMain(main, env)

describe('pc2-admin main', () => {
  let fixture: FixtureSystem
  let configDir = ''
  before(async () => {
    fixture = await createFixtureSystem()
    configDir = join(fixture.root, 'config')
    await mkdir(join(configDir, 'pc2.conf.d'), { recursive: true })
  })
  after(async () => { await fixture.remove() })

  it('serves on the configured port, with its directories from the environment, and exits 0 on SIGTERM', async () => {
    const port = await freePort()
    await writeFile(join(configDir, 'pc2.conf'), `[admin]\nport = ${port}\nlisten = 127.0.0.1\n`)
    const runtimeDir = join(fixture.root, 'run')
    const webUiDir = join(fixture.root, 'web-ui')
    await mkdir(runtimeDir)
    await mkdir(webUiDir)
    await writeFile(join(webUiDir, 'index.html'), '<!doctype html><title>UI</title>')
    const run = runMain({
      PC2_IMAGE_CONFIG: imageConfig,
      PC2_CONFIG_DIR: configDir,
      PC2_DATA_DIR: fixture.paths.dataDir,
      PC2_ADMIN_STATE_DIR: join(fixture.root, 'admin'),
      PC2_RUNTIME_DIR: runtimeDir,
      PC2_WEB_UI_DIR: webUiDir
    })
    await run.waitFor('<6>pc2-admin: started')
    const health = await send(port, 'GET', '/api/health')
    assert.equal(health.status, 200)
    assert.deepEqual(JSON.parse(health.body), { product: { name: 'PC2', id: 'pc2', version: '0.1.0' }, claimed: false })
    assert.equal((await send(port, 'GET', '/api/status')).status, 401)
    assert.equal((await send(port, 'GET', '/settings')).body, '<!doctype html><title>UI</title>')
    const claimCode = (await readFile(join(runtimeDir, 'claim-code'), 'utf8')).trim()
    assert.match(run.output(), new RegExp(`^<5>pc2-admin: claim code for this node: ${claimCode}$`, 'm'))
    run.kill('SIGTERM')
    const [code, signal] = await run.exit
    assert.equal(code, 0, run.output())
    assert.equal(signal, null)
    assert.match(run.output(), /<6>pc2-admin: listening host=127\.0\.0\.1 port=\d+\n/)
    assert.match(run.output(), /<6>pc2-admin: stopped\n$/)
  })

  it('exits 1 naming file, line and setting when pc2.conf is wrong', async () => {
    await writeFile(join(configDir, 'pc2.conf'), '[admin]\nlisten = 127.0.0.1\n')
    await writeFile(join(configDir, 'pc2.conf.d', '50-typo.conf'), '[log]\nlevel = verbose\n')
    const run = runMain({ PC2_IMAGE_CONFIG: imageConfig, PC2_CONFIG_DIR: configDir, PC2_DATA_DIR: fixture.paths.dataDir })
    const [code] = await run.exit
    assert.equal(code, 1)
    assert.match(run.output(), /^<3>pc2-admin: start failed error="ConfigError: .*50-typo\.conf:2: log\.level: \\"verbose\\" is not valid/m)
    assert.doesNotMatch(run.output(), /\n\s+at /)
  })

  it('exits 1 when the image config is missing', async () => {
    const run = runMain({ PC2_IMAGE_CONFIG: join(fixture.root, 'nope'), PC2_CONFIG_DIR: configDir })
    const [code] = await run.exit
    assert.equal(code, 1)
    assert.match(run.output(), /<3>pc2-admin: start failed error="ConfigError: .*nope: cannot read image config/)
  })
})
