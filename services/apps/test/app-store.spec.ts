import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { createLogger } from '@pc2/core'
import { describeCapabilities } from '../src/capabilities.ts'
import { packApp } from '../src/package/section.ts'
import { appRuns } from '../src/run-app.ts'
import { nodeWasiRunner } from '../src/runner/node-wasi.ts'
import type { RunRequest } from '../src/runner/runner.ts'
import { openAppStore } from '../src/store/app-store.ts'
import { buildFixture } from '@pc2/test-support/wasm'

const manifest = (name: string, version = '1.0.0', storageMiB = 1) => ({
  manifestVersion: 1, name, version, description: 'the probe as an app', kind: 'job',
  capabilities: { storageMiB, memoryMiB: 16, network: ['api.example.org:443'], environment: { PROBE_VALUE: 'default' } }
})
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

describe('app store and runs', () => {
  let module: Uint8Array
  before(async () => { module = new Uint8Array(await readFile(await buildFixture('probe'))) })

  it('installs, runs with the grant only, upgrades keeping the folder, and uninstalls after confirmation', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pc2-apps-'))
    const store = await openAppStore(root)
    const runs = appRuns({ store, runner: nodeWasiRunner(), logger: createLogger('test', { level: 'err' }) })
    const installed = await store.install(packApp(module, manifest('probe')), { cid: 'bafy-test-1', grant: { environment: { PROBE_VALUE: 'granted' } } })
    assert.deepEqual(installed.grant.network, [], 'no destination unless granted')

    const echo = await runs.runJob('probe', { args: ['echo', 'hi'] })
    assert.equal(decode(echo.stdout), 'hi\nenv=granted\n')
    assert.equal((await runs.runJob('probe', { args: ['write', '/data/kept.txt', 'kept'] })).exitCode, 0)
    assert.equal(runs.history('probe').length, 2)

    await store.install(packApp(module, manifest('probe', '1.1.0')), { cid: 'bafy-test-2', expectName: 'probe' })
    assert.equal(store.get('probe').manifest.version, '1.1.0')
    assert.equal(store.get('probe').installedAt, installed.installedAt)
    assert.equal(await readFile(join(root, 'probe', 'kept.txt'), 'utf8'), 'kept')
    await assert.rejects(store.install(packApp(module, manifest('other')), { cid: 'x', expectName: 'probe' }), { name: 'AppNameMismatchError' })

    // Reopened, as after a reboot.
    const reopened = await openAppStore(root)
    assert.equal(reopened.get('probe').cid, 'bafy-test-2')

    await assert.rejects(store.uninstall('probe', { confirm: 'yes' }), { name: 'ConfirmationRequiredError' })
    assert.ok(existsSync(join(root, 'probe', 'kept.txt')), 'nothing deleted without confirmation')
    await store.uninstall('probe', { confirm: 'probe' })
    assert.equal(existsSync(join(root, 'probe')), false)
    assert.throws(() => store.get('probe'), { name: 'AppNotFoundError' })
    assert.deepEqual((await openAppStore(root)).list(), [])
  })

  it('refuses a grant beyond the request, naming it, and a package that is not one', async () => {
    const store = await openAppStore(await mkdtemp(join(tmpdir(), 'pc2-apps-')))
    await assert.rejects(store.install(packApp(module, manifest('probe')), { cid: 'x', grant: { network: ['evil.example:443'] } }), (error: any) => error.name === 'InvalidInputError' && error.details.field === 'grant.network')
    await assert.rejects(store.install(new TextEncoder().encode('hello'), { cid: 'x' }), { name: 'InvalidPackageError' })
    assert.deepEqual(store.list(), [])
  })

  it('does not run an app whose folder is over its quota', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pc2-apps-'))
    const store = await openAppStore(root)
    const runs = appRuns({ store, runner: nodeWasiRunner(), logger: createLogger('test', { level: 'err' }) })
    await store.install(packApp(module, manifest('probe', '1.0.0', 1)), { cid: 'x' })
    await writeFile(join(root, 'probe', 'big.bin'), new Uint8Array(2 << 20).fill(1))
    await assert.rejects(runs.runJob('probe', { args: ['exit', '0'] }), { name: 'QuotaExceededError' })
  })

  it('hands the runner the destinations granted, and refuses a run granted the network on a runner that has none', async () => {
    const store = await openAppStore(await mkdtemp(join(tmpdir(), 'pc2-apps-')))
    const seen: Array<string[] | undefined> = []
    const recording = { name: 'recording', hostNetwork: true, run: async (request: RunRequest) => { seen.push(request.network); return { outcome: 'exited' as const, exitCode: 0, stdout: new Uint8Array(0), stderr: '', durationMs: 1 } } }
    await store.install(packApp(module, manifest('probe')), { cid: 'x' })
    await appRuns({ store, runner: recording, logger: createLogger('test', { level: 'err' }) }).runJob('probe', { args: [] })
    await store.regrant('probe', { network: ['api.example.org:443'] })
    await appRuns({ store, runner: recording, logger: createLogger('test', { level: 'err' }) }).runJob('probe', { args: [] })
    assert.deepEqual(seen, [undefined, ['api.example.org:443']])
    const without = appRuns({ store, runner: { ...recording, name: 'wasmtime', hostNetwork: false }, logger: createLogger('test', { level: 'err' }) })
    await assert.rejects(without.runJob('probe', { args: [] }), (error: any) => error.name === 'UnavailableError' && /granted the network, which the wasmtime runner cannot give/.test(error.message))
    assert.equal(seen.length, 2, 'the refused run never reached the runner')
  })

  it('says what an app asks for in words', () => {
    const lines = describeCapabilities({ ...manifest('probe'), manifestVersion: 1, kind: 'job', entry: '_start' })
    assert.match(lines.join('\n'), /up to 1 MiB of files in its own folder/)
    assert.match(lines.join('\n'), /Connects to api\.example\.org:443 and nowhere else/)
    assert.match(lines.join('\n'), /16 MiB of memory/)
  })
})
