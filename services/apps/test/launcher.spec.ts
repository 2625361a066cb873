// pc2-apps-launcher (src/launcher/): the runner compliance suite with every run relayed
// through the launcher's socket, the unit each run gets, the requests it refuses, systemd's
// verdicts, and the app folders it alone makes and deletes. systemd itself is faked here
// (launcher/fake-systemd.ts); test-qemu/apps.test.ts runs the real one.

import assert from 'node:assert/strict'
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, describe, it } from 'node:test'
import { createLogger } from '@pc2/core'
import { launcherFolders, launcherRuns } from '../src/launcher/client.ts'
import { appLauncher, launchLimits, readLaunchRequest, runDeniedPrefixes, runUserName } from '../src/launcher/daemon.ts'
import { nodeWasiRunner } from '../src/runner/node-wasi.ts'
import type { RunRequest } from '../src/runner/runner.ts'
import { runnerCompliance } from './compliance/runner-suite.ts'
import { fakeSystemd } from './launcher/fake-systemd.ts'
import { buildFixture } from '@pc2/test-support/wasm'

const root = await mkdtemp(join(tmpdir(), 'pc2-launcher-'))
const appsDir = join(root, 'apps')
await mkdir(appsDir, { mode: 0o750 })
const systemd = await fakeSystemd()
const socketPath = join(root, 'launch.sock')
const childScript = fileURLToPath(new URL('../src/child.ts', import.meta.url))
// A group other than root's, so that the folder's group is seen to change.
const dataGroup = { name: 'pc2-app-data', gid: 65534 }
// pc2-egress, as far as the launcher sees it: a policy holding destinations for one app
// before the launcher starts, what it was told, and an answer that can be made to fail.
const egressCalls: Array<{ method: string, path: string, body: any }> = []
let egressFails = false
const egress = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    if (request.method === 'GET' && request.url === '/policy') {
      response.end(JSON.stringify({ apps: { 'probe-seeded': [{ host: '10.0.2.100', port: 80, protocol: 'tcp' }], 'probe-closed': [] } }))
      return
    }
    egressCalls.push({ method: request.method!, path: request.url!, body: JSON.parse(Buffer.concat(chunks).toString()) })
    response.statusCode = egressFails ? 422 : 200
    response.end(JSON.stringify(egressFails ? { error: { name: 'RulesetRefusedError', message: 'nft refused the rules' } } : { changed: true }))
  })
})
const egressSocket = join(root, 'egress.sock')
await new Promise<void>((resolve) => egress.listen(egressSocket, resolve))
const launcher = appLauncher({ socketPath, appsDir, dataGroup, node: process.execPath, childScript, systemdRun: systemd.systemdRun, systemctl: systemd.systemctl, slice: 'pc2-app-runs.slice', egressSocket, logger: createLogger('test', { level: 'err' }) })
await launcher.start()
after(async () => {
  await launcher.stop()
  egress.close()
  await rm(root, { recursive: true, force: true })
  await rm(systemd.directory, { recursive: true, force: true })
})

const runner = nodeWasiRunner({ launcher: launcherRuns(socketPath) })
runnerCompliance(() => ({ ...runner, name: 'node-wasi through pc2-apps-launcher' }))

describe('pc2-apps-launcher', () => {
  const folders = (): ReturnType<typeof launcherFolders> => launcherFolders(socketPath)
  const limits = { memoryMiB: 32, timeoutMs: 10_000, outputBytes: 1 << 20 }
  const probe = async (extra: Partial<RunRequest> = {}): Promise<RunRequest> => ({ module: await buildFixture('probe'), args: ['probe', 'echo', 'hi'], env: {}, limits, ...extra })

  it('starts each run as a unit of its own, sandboxed, with the command it was installed with', async () => {
    const before = (await systemd.runs()).length
    const result = await runner.run(await probe({ dataDir: join(appsDir, 'probe') }))
    assert.equal(new TextDecoder().decode(result.stdout), 'hi\nenv=(unset)\n')
    const args = (await systemd.runs()).slice(before)[0]!
    assert.match(args.find((arg) => arg.startsWith('--unit='))!, /^--unit=pc2-app-probe-[0-9a-f]{8}\.service$/)
    for (const flag of ['--pipe', '--wait', '--quiet']) assert.ok(args.includes(flag), flag)
    const properties = args.flatMap((arg, index) => args[index - 1] === '-p' ? [arg] : [])
    for (const property of ['DynamicUser=yes', 'User=pc2-app-probe', 'PrivateNetwork=yes', 'IPAddressDeny=any', 'RestrictAddressFamilies=AF_UNIX', 'CapabilityBoundingSet=',
      'ProtectSystem=strict', 'TemporaryFileSystem=/data', `BindPaths=${join(appsDir, 'probe')}`, 'SupplementaryGroups=pc2-app-data',
      `MemoryMax=${32 + launchLimits.runtimeMiB}M`, 'MemorySwapMax=0', `TasksMax=${launchLimits.tasks}`, 'CPUQuota=100%', 'RuntimeMaxSec=15', 'Slice=pc2-app-runs.slice']) {
      assert.ok(properties.includes(property), `${property} in ${properties.join(' ')}`)
    }
    assert.deepEqual(args.slice(args.indexOf('--') + 1), [process.execPath, '--no-warnings', '--max-old-space-size=64', childScript])
  })

  it('names each app\'s dynamic user after it, within systemd\'s 31 characters', () => {
    assert.equal(runUserName('notes'), 'pc2-app-notes')
    const long = runUserName('a-very-long-app-name-of-32-chars')
    assert.match(long, /^pc2-app-a-very-long-ap-[0-9a-f]{8}$/)
    assert.equal(long.length, 31)
    assert.notEqual(long, runUserName('a-very-long-app-name-of-32-charz'))
  })

  it('binds no folder into a run granted no storage', async () => {
    const before = (await systemd.runs()).length
    await runner.run(await probe())
    const args = (await systemd.runs()).slice(before)[0]!
    assert.ok(args.includes('TemporaryFileSystem=/data'))
    assert.equal(args.filter((arg) => arg.startsWith('BindPaths=') || arg.startsWith('SupplementaryGroups=')).length, 0)
  })

  it('makes the app folder root-owned, in the data group, setgid 2770', async () => {
    const folder = await stat(join(appsDir, 'probe'))
    assert.equal(folder.uid, 0)
    assert.equal(folder.gid, dataGroup.gid)
    assert.equal(folder.mode & 0o7777, 0o2770)
  })

  it('refuses a request with a wrong field, naming it', async () => {
    for (const [request, field] of [
      [{ app: '../vault', memoryMiB: 32, timeoutMs: 1000, storage: true }, 'app'],
      [{ app: 'probe', memoryMiB: 0, timeoutMs: 1000, storage: true }, 'memoryMiB'],
      [{ app: 'probe', memoryMiB: launchLimits.maxMemoryMiB + 1, timeoutMs: 1000, storage: true }, 'memoryMiB'],
      [{ app: 'probe', memoryMiB: 32, timeoutMs: launchLimits.maxTimeoutMs + 1, storage: true }, 'timeoutMs'],
      [{ app: 'probe', memoryMiB: 32, timeoutMs: 1000 }, 'storage'],
      [{ app: 'probe', memoryMiB: 32, timeoutMs: 1000, storage: false, command: '/bin/sh' }, 'command'],
      [{ app: 'probe', memoryMiB: 32, timeoutMs: 1000, storage: false, network: ['10.0.0.1'] }, 'network'],
      [{ app: 'probe', memoryMiB: 32, timeoutMs: 1000, storage: false, network: ['10.0.0.1:99999'] }, 'network'],
      [{ app: 'probe', memoryMiB: 32, timeoutMs: 1000, storage: false, network: 'everywhere' }, 'network']
    ] as const) {
      assert.throws(() => readLaunchRequest(request), (error: any) => error.name === 'InvalidInputError' && error.details.field === field, field)
    }
    // And over the socket: a name that is no app's never reaches systemd-run.
    const before = (await systemd.runs()).length
    await assert.rejects(runner.run(await probe({ args: ['../vault'] })), (error: any) => error.name === 'LaunchRefusedError' && /app must be an app name/.test(error.message))
    assert.equal((await systemd.runs()).length, before)
  })

  it('refuses to bind a link where an app folder should be', async () => {
    await symlink('/etc', join(appsDir, 'linked'))
    await assert.rejects(launcherFolders(socketPath).create('linked'), (error: any) => error.name === 'LaunchRefusedError' && /is not a directory/.test(error.message))
    assert.ok((await lstat(join(appsDir, 'linked'))).isSymbolicLink())
  })

  it('reads systemd\'s verdict when the unit, not the program, ended the run, and resets the failed unit', async () => {
    await systemd.verdict(1, 'oom-kill')
    try {
      const result = await runner.run(await probe())
      assert.equal(result.outcome, 'memory')
      assert.match(result.stderr, /killed at its memory limit/)
      await systemd.verdict(1, 'resources')
      const failed = await runner.run(await probe())
      assert.equal(failed.outcome, 'failed')
      assert.match(failed.stderr, /systemd's result: resources/)
    } finally {
      await rm(join(systemd.directory, 'verdict-code'), { force: true })
      await rm(join(systemd.directory, 'verdict-result'), { force: true })
    }
    const calls = await systemd.systemctlCalls()
    assert.ok(calls.some((call) => call[0] === 'reset-failed' && /^pc2-app-probe-/.test(call[1] ?? '')), JSON.stringify(calls))
  })

  it('kills the unit of a run the caller gave up on', async () => {
    const result = await runner.run(await probe({ args: ['probe', 'loop'], limits: { ...limits, timeoutMs: 1500 } }))
    assert.equal(result.outcome, 'timeout')
    const calls = await systemd.systemctlCalls()
    assert.ok(calls.some((call) => call[0] === 'kill' && call[1] === '--signal=SIGKILL' && /^pc2-app-probe-/.test(call[2] ?? '')), JSON.stringify(calls))
  })

  it('opens the network of a run granted it only through the app\'s own pc2-egress chain, told first', async () => {
    egressCalls.length = 0
    const before = (await systemd.runs()).length
    const result = await runner.run(await probe({ network: ['10.0.2.100:8080', '[FD00::1]:443', 'Feed.Example:443'] }))
    assert.equal(result.outcome, 'exited')
    assert.deepEqual(egressCalls[0], { method: 'PUT', path: '/apps/probe/destinations', body: { destinations: [
      { host: '10.0.2.100', port: 8080, protocol: 'tcp' }, { host: 'fd00::1', port: 443, protocol: 'tcp' }, { host: 'feed.example', port: 443, protocol: 'tcp' }
    ] } })
    const args = (await systemd.runs()).slice(before)[0]!
    const properties = args.flatMap((arg, index) => args[index - 1] === '-p' ? [arg] : [])
    for (const property of ['PrivateNetwork=no', 'NFTSet=cgroup:inet:pc2:cg_a_probe', `IPAddressDeny=${runDeniedPrefixes}`, 'IPAddressAllow=127.0.0.53/32', 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6']) {
      assert.ok(properties.includes(property), `${property} in ${properties.join(' ')}`)
    }
    assert.ok(!properties.includes('PrivateNetwork=yes') && !properties.includes('IPAddressDeny=any'))
  })

  const settle = async (count: number): Promise<void> => {
    const until = Date.now() + 5000
    while (egressCalls.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20))
    // Time enough for a call that should not come to arrive.
    await new Promise((resolve) => setTimeout(resolve, 200))
  }

  it('takes the network back from a run no longer granted it, once, and from an app uninstalled', async () => {
    egressCalls.length = 0
    await runner.run(await probe())
    await runner.run(await probe())
    await folders().remove('probe-gone')
    await settle(2)
    assert.deepEqual(egressCalls.map((call) => [call.path, call.body]).sort(), [['/apps/probe-gone/destinations', { destinations: [] }], ['/apps/probe/destinations', { destinations: [] }]])
  })

  it('knows from pc2-egress\'s policy which apps it held open before the launcher started, and asks nothing for the rest', async () => {
    egressCalls.length = 0
    for (const app of ['probe-seeded', 'probe-closed', 'probe-never']) assert.equal((await runner.run(await probe({ args: [app, 'echo', 'hi'] }))).outcome, 'exited')
    await settle(1)
    assert.deepEqual(egressCalls.map((call) => [call.method, call.path, call.body]), [['PUT', '/apps/probe-seeded/destinations', { destinations: [] }]])
  })

  it('does not start a run granted the network when pc2-egress will not open it', async () => {
    egressFails = true
    try {
      const before = (await systemd.runs()).length
      await assert.rejects(runner.run(await probe({ network: ['10.0.2.100:8080'] })), (error: any) => error.name === 'LaunchRefusedError' && /pc2-egress did not take probe's destinations: nft refused the rules/.test(error.message))
      assert.equal((await systemd.runs()).length, before)
    } finally {
      egressFails = false
    }
  })

  it('deletes an app folder with all in it, and makes it again', async () => {
    const folders = launcherFolders(socketPath)
    await folders.create('notes')
    await writeFile(join(appsDir, 'notes', 'a.txt'), 'a note')
    await folders.remove('notes')
    await assert.rejects(lstat(join(appsDir, 'notes')), { code: 'ENOENT' })
    await folders.remove('notes')
    await folders.create('notes')
    assert.equal((await stat(join(appsDir, 'notes'))).mode & 0o7777, 0o2770)
  })

  it('counts the space a folder takes, into subfolders a run closed to everyone else', async () => {
    const folders = launcherFolders(socketPath)
    await folders.create('counted')
    const closed = join(appsDir, 'counted', 'private')
    await mkdir(closed, { mode: 0o700 })
    await writeFile(join(closed, 'big.bin'), Buffer.alloc(256 * 1024, 1), { mode: 0o600 })
    await chown(join(closed, 'big.bin'), 61234, 61234)
    await chown(closed, 61234, 61234)
    const used = await folders.usageBytes('counted')
    assert.ok(used >= 256 * 1024 && used < 512 * 1024, `${used} bytes`)
    assert.equal(await folders.usageBytes('never-made'), 0)
    await assert.rejects(folders.usageBytes('../etc'), (error: any) => error.name === 'LaunchRefusedError' && /app/.test(error.message))
  })

  it('takes over a folder pc2-apps made before the launcher, contents and all, following no link', async () => {
    const old = join(appsDir, 'legacy')
    await mkdir(join(old, 'notes'), { recursive: true, mode: 0o700 })
    await writeFile(join(old, 'notes', 'a.md'), 'kept', { mode: 0o600 })
    await symlink('/etc/passwd', join(old, 'link'))
    const outside = await stat('/etc/passwd')
    for (const path of [old, join(old, 'notes'), join(old, 'notes', 'a.md')]) await chown(path, 1, 1)
    await launcherFolders(socketPath).create('legacy')
    for (const [path, mode] of [[old, 0o2770], [join(old, 'notes'), 0o2770], [join(old, 'notes', 'a.md'), 0o660]] as const) {
      const stats = await lstat(path)
      assert.deepEqual([path, stats.uid, stats.gid, stats.mode & 0o7777], [path, 0, dataGroup.gid, mode])
    }
    assert.equal((await lstat(join(old, 'link'))).gid, dataGroup.gid)
    const after = await stat('/etc/passwd')
    assert.deepEqual([after.uid, after.gid, after.mode], [outside.uid, outside.gid, outside.mode])
    assert.equal(await readFile(join(old, 'notes', 'a.md'), 'utf8'), 'kept')
  })

  it('does not start over a folder others may write to', async () => {
    const loose = join(root, 'loose')
    await mkdir(loose)
    await chmod(loose, 0o770)
    const other = appLauncher({ socketPath: join(root, 'other.sock'), appsDir: loose, dataGroup, node: process.execPath, childScript, logger: createLogger('test', { level: 'err' }) })
    await assert.rejects(other.start(), (error: any) => error.name === 'ConfigError' && /owned by root and writable by root alone/.test(error.message))
  })

  it('says so, naming the socket, when the launcher is not running', async () => {
    const missing = nodeWasiRunner({ launcher: launcherRuns(join(root, 'nobody.sock')) })
    await assert.rejects(missing.run(await probe()), (error: any) => error.name === 'UnavailableError' && /nobody\.sock/.test(error.message))
  })
})
