// WebAssembly apps on the booted image: the example apps, built here from source, are
// uploaded to the node like any file (encrypted by the pc2 CLI), installed by CID and file key,
// run (a job through the API, the notes web app through the admin port as the owner's
// browser would use it), and uninstalled; pc2-apps runs sandboxed with no network and
// nothing failed. An app granted a destination (a server on the host, forwarded into the
// guest) reaches it through its own pc2-egress chain, and nothing else.
import assert from 'node:assert/strict'
import { execFile, execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { builtImage, flashedDisk } from '@pc2/test-support/images'
import { claimNode, type OwnerSession } from '@pc2/test-support/owner'
import { VM, waitUntilReady } from '@pc2/test-support/qemu'
import { netProbeManifest, packFixture } from '@pc2/test-support/wasm'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..')
const cli = join(root, 'services', 'cli', 'src', 'main.ts')
const image = builtImage()
/** The host's server as the guest sees it (a QEMU guestfwd), and another address it must not reach. */
const feed = { address: '10.0.2.100', port: 8090 }
const ungranted = { address: '10.0.2.100', port: 8091 }

describe('WebAssembly apps on the image', { timeout: 30 * 60_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-apps-test-'))
  const privateKey = generatePrivateKey()
  const owner = privateKeyToAccount(privateKey)
  let vm: VM
  let session: OwnerSession
  let origin: string
  const server = createServer((request, response) => { response.end(`hello from the host, ${request.method} ${request.url}`) })

  const api = async (path: string, init: { method?: string, json?: unknown } = {}): Promise<Response> =>
    await fetch(`${origin}${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, origin, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      redirect: 'manual'
    })
  /** Uploads a built package with the CLI: its share link's CID and key. */
  const uploadPackage = async (name: string): Promise<{ cid: string, key: string }> => {
    const { stdout } = await run(process.execPath, [cli, 'upload', join(directory, 'apps', `${name}.wasm`), '--node', origin], {
      env: { ...process.env, PC2_OWNER_KEY: privateKey },
      timeout: 5 * 60_000
    })
    const match = /\/f\/(b[a-z2-7]+)#k=([A-Za-z0-9_-]{43})$/.exec(stdout.trim())
    assert.ok(match !== null, stdout)
    return { cid: match[1]!, key: match[2]! }
  }

  before(async () => {
    execFileSync('bash', [join(root, 'apps', 'build')], { env: { ...process.env, PC2_OUT: directory }, stdio: ['ignore', 'ignore', 'inherit'] })
    // A job that makes one HTTP request (the runner's network test program), asking for the host's server.
    await packFixture('net-probe', netProbeManifest([`${feed.address}:${feed.port}`]), join(directory, 'apps', 'net-probe.wasm'))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const hostPort = (server.address() as AddressInfo).port
    // /data must hold the uploads: a 3 GiB disk over the image (ipfs.quota is /data less 1 GiB).
    const disk = join(directory, 'disk.qcow2')
    flashedDisk(image, disk, '3G')
    vm = await VM.boot({ disk, snapshot: false, guestForwards: [{ guestAddress: feed.address, guestPort: feed.port, hostPort }, { guestAddress: ungranted.address, guestPort: ungranted.port, hostPort }] })
    await waitUntilReady(vm)
    origin = `http://127.0.0.1:${vm.httpPort}`
    session = await claimNode(vm, owner)
  })

  after(async () => {
    await vm?.dispose()
    server.close()
    rmSync(directory, { recursive: true, force: true })
  })

  it('runs pc2-apps with nothing failed and no app installed yet', async () => {
    const status = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.deepEqual(status.system.failedUnits, [])
    assert.deepEqual(await (await api('/api/apps')).json(), { apps: [] })
  })

  it('installs the checksum job from its encrypted upload, and runs it', async () => {
    const { cid, key } = await uploadPackage('checksum')
    const wrong = await api('/api/apps', { method: 'POST', json: { cid, key: `${key.startsWith('A') ? 'B' : 'A'}${key.slice(1)}` } })
    assert.equal(wrong.status, 400)
    assert.equal(((await wrong.json()) as any).error.name, 'WrongKeyError')
    const installed = await api('/api/apps', { method: 'POST', json: { cid, key } })
    assert.equal(installed.status, 201, await installed.clone().text())
    const app = await installed.json() as { name: string, words: string[] }
    assert.equal(app.name, 'checksum')
    assert.ok(app.words.some((line) => /no network/i.test(line)), app.words.join('\n'))
    const ran = await api('/api/apps/checksum/runs', { method: 'POST', json: { args: [], stdin: Buffer.from('abc').toString('base64') } })
    assert.equal(ran.status, 200, await ran.clone().text())
    const result = await ran.json() as { outcome: string, exitCode: number, stdout: string }
    assert.deepEqual([result.outcome, result.exitCode], ['exited', 0])
    assert.equal(result.stdout, `${createHash('sha256').update('abc').digest('hex')}  -\n`)
  })

  it('runs the checksum job by its schedule once the owner allows it, and says when it runs next', async () => {
    const granted = await api('/api/apps/checksum/grant', { method: 'PUT', json: { schedule: true } })
    assert.equal(granted.status, 200, await granted.clone().text())
    type Run = { trigger: string, exitCode: number, stderrTail: string }
    let scheduled: Run | undefined
    // pc2-apps looks for due jobs every 15 s; a job never run by its schedule is due at once.
    for (let tries = 0; scheduled === undefined && tries < 60; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      scheduled = ((await (await api('/api/apps/checksum/runs')).json()) as { runs: Run[] }).runs.find((run) => run.trigger === 'schedule')
    }
    assert.ok(scheduled !== undefined, 'no scheduled run within 60 s')
    // It ran `checksum --check SHA256SUMS`, and the folder has no sums file yet.
    assert.equal(scheduled.exitCode, 2)
    assert.match(scheduled.stderrTail, /SHA256SUMS/)
    const app = await (await api('/api/apps/checksum')).json() as { nextRunAt?: string }
    const next = Date.parse(app.nextRunAt ?? '')
    assert.ok(next > Date.now() + 23 * 3_600_000 - 120_000, `next run at ${app.nextRunAt} is about a day later`)
  })

  it('serves the notes web app through the admin port: a note saved by form post, read back, boxed in', async () => {
    const { cid, key } = await uploadPackage('notes')
    assert.equal((await api('/api/apps', { method: 'POST', json: { cid, key } })).status, 201)
    const list = await api('/apps/notes/')
    assert.equal(list.status, 200, await list.clone().text())
    assert.match(list.headers.get('content-security-policy') ?? '', /^sandbox allow-forms allow-same-origin allow-downloads;.*script-src 'none'/)
    const saved = await fetch(`${origin}/apps/notes/`, {
      method: 'POST',
      headers: { cookie: session.cookie, origin, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ title: 'Shopping list', body: '# Market\n\n- **apples** <script>alert(1)</script>' }).toString(),
      redirect: 'manual'
    })
    assert.equal(saved.status, 303, await saved.clone().text())
    const location = saved.headers.get('location') ?? ''
    assert.match(location, /^\/apps\/notes\/[a-z0-9-]+$/)
    const note = await (await api(location)).text()
    assert.match(note, /<strong>apples<\/strong>/)
    assert.doesNotMatch(note, /<script>/, 'the note\'s text is escaped')
    assert.match(await (await api('/apps/notes/')).text(), /href="\/apps\/notes\/shopping-list"/)
    // Without the owner's session: the login page, never the app.
    const stranger = await fetch(`${origin}/apps/notes/`, { redirect: 'manual' })
    assert.equal(stranger.status, 303)
    const forged = await fetch(`${origin}/apps/notes/`, { method: 'POST', headers: { cookie: session.cookie, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'title=x&body=y', redirect: 'manual' })
    assert.equal(forged.status, 403)
  })

  it('lets an app reach the destination it was granted, through its own pc2-egress chain, and nothing else', async () => {
    const { cid, key } = await uploadPackage('net-probe')
    const installed = await api('/api/apps', { method: 'POST', json: { cid, key } })
    assert.equal(installed.status, 201, await installed.clone().text())
    assert.ok(((await installed.json()) as { words: string[] }).words.some((line) => line.includes(`Connects to ${feed.address}:${feed.port} and nowhere else`)))
    type Result = { outcome: string, exitCode: number, stdout: string, stderr: string }
    const request = async (target: { address: string, port: number }): Promise<Result> => {
      const ran = await api('/api/apps/net-probe/runs', { method: 'POST', json: { args: ['GET', `http://${target.address}:${target.port}/feed`] } })
      assert.equal(ran.status, 200, await ran.clone().text())
      return await ran.json() as Result
    }
    // Uninstalled whatever happens, so the tests after it see only the example apps.
    try {
      // Installed, not yet granted: no network at all.
      const before = await request(feed)
      assert.match(before.stdout, /^status=-1 /)
      assert.match(before.stderr, /no network was granted/)

      assert.equal((await api('/api/apps/net-probe/grant', { method: 'PUT', json: { network: [`${feed.address}:${feed.port}`] } })).status, 200)
      const granted = await request(feed)
      assert.deepEqual([granted.outcome, granted.exitCode], ['exited', 0], granted.stderr)
      const answer = 'hello from the host, GET /feed'
      assert.equal(granted.stdout, `status=200 length=${answer.length}\n${answer}`)
      const other = await request(ungranted)
      assert.match(other.stdout, /^status=-1 /)
      assert.match(other.stderr, new RegExp(`refused GET http://${ungranted.address}:${ungranted.port}/feed: ${ungranted.address}:${ungranted.port} was not granted`))
      // pc2-egress has the app's chain, and says so on the Network page's API.
      const policy = await (await api('/api/network/policy')).json() as { words: { apps: Array<{ app: string, allowed: Array<{ text: string }> }> } }
      assert.deepEqual(policy.words.apps.map((app) => [app.app, app.allowed.map((line) => line.text)]), [['net-probe', [`${feed.address}, port ${feed.port} (TCP)`]]])
      const ruleset = await (await api('/api/network/ruleset')).json() as { text: string }
      assert.match(ruleset.text, /socket cgroupv2 level 4 @cg_a_net_probe jump unit_a_net_probe/)

      // Taken back: the next run has no network, and pc2-egress drops the app's chain.
      assert.equal((await api('/api/apps/net-probe/grant', { method: 'PUT', json: { network: [] } })).status, 200)
      assert.match((await request(feed)).stdout, /^status=-1 /)
      let apps: unknown[] = ['not yet']
      for (let tries = 0; apps.length > 0 && tries < 20; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 500))
        apps = ((await (await api('/api/network/policy')).json()) as { words: { apps: unknown[] } }).words.apps
      }
      assert.deepEqual(apps, [])
    } finally {
      assert.equal((await api('/api/apps/net-probe?confirm=net-probe', { method: 'DELETE' })).status, 200)
    }
  })

  it('lists both apps and the runs it made', async () => {
    const apps = await (await api('/api/apps')).json() as { apps: Array<{ name: string }> }
    assert.deepEqual(apps.apps.map((app) => app.name).sort(), ['checksum', 'notes'])
    const runs = await (await api('/api/apps/notes/runs')).json() as { runs: Array<{ app: string, outcome: string }> }
    assert.ok(runs.runs.some((entry) => entry.app === 'notes' && entry.outcome === 'exited'))
  })

  it('ran each of them as a transient unit of its own, started by pc2-apps-launcher and gone after', async () => {
    const journal = await (await api('/api/journal?unit=pc2-apps-launcher.service&lines=1000')).json() as { entries: Array<{ message: string }> }
    const runs = journal.entries.flatMap((entry) => {
      // "pc2-apps-launcher: checksum: starting pc2-app-checksum-1a2b3c4d.service app=checksum …"
      const match = /(?:^|: )(checksum|notes): starting (pc2-app-[a-z]+-[0-9a-f]{8}\.service)(?: |$)/.exec(entry.message)
      return match === null ? [] : [{ app: match[1]!, unit: match[2]! }]
    })
    const units = runs.map((entry) => entry.unit)
    assert.deepEqual([...new Set(runs.map((entry) => entry.app))].sort(), ['checksum', 'notes'], journal.entries.map((entry) => entry.message).join('\n'))
    assert.equal(new Set(units).size, units.length, 'a unit name per run')
    for (const unit of units) assert.ok(journal.entries.some((entry) => entry.message.includes(`${unit} ended`)), `${unit} ended`)
    // A run's unit that failed is reset, so none is left listed as failed.
    const status = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.deepEqual(status.system.failedUnits, [])
  })

  it('uninstalls only with the name repeated; the app and its notes are gone', async () => {
    assert.equal((await api('/api/apps/notes', { method: 'DELETE' })).status, 400)
    assert.equal((await api('/apps/notes/')).status, 200)
    assert.equal((await api('/api/apps/notes?confirm=notes', { method: 'DELETE' })).status, 200)
    assert.equal((await api('/apps/notes/')).status, 404)
    const status = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.deepEqual(status.system.failedUnits, [])
  })
})
