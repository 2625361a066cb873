// The owner's apps through pc2-admin, against a real pc2-apps (services/apps) with a test web
// app that echoes what it received: the owner API passes through; a web app's pages need the
// owner's session, reach the app without the owner's cookie or token, come back boxed in
// (CSP sandbox, no scripts, forms only to the same app) and may change things only as
// own-origin form posts.

import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createLogger, InvalidPackageError } from '@pc2/core'
import { apps, nodeWasiRunner, packApp } from '@pc2/apps'
import type { AppsService } from '@pc2/apps'
import { buildFixture } from '@pc2/test-support/wasm'
import { errorName, send } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'
import { claimed, newAccount } from '../fixtures/siwe.ts'
import type { OwnerCredentials } from '../fixtures/siwe.ts'

const echoCid = 'bafkreiwagiechoaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

describe('apps through pc2-admin', () => {
  let root: string
  let service: AppsService
  let node: TestNode
  let owner: OwnerCredentials
  let origin: string
  const form = (extra: Record<string, string> = {}): Record<string, string> => ({ Cookie: owner.cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...extra })

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-admin-apps-'))
    const echo = packApp(await readFile(await buildFixture('wagi-echo')), { manifestVersion: 1, name: 'echo', version: '1.0.0', description: 'echo', kind: 'web', capabilities: { storageMiB: 0, memoryMiB: 16, network: [], environment: {} } })
    service = apps({
      appsDir: join(root, 'apps'),
      socketPath: join(root, 'run', 'api.sock'),
      runner: nodeWasiRunner(),
      source: { fetch: async (cid) => { if (cid !== echoCid) throw new InvalidPackageError(`cannot get ${cid}`); return echo } }
    })({ logger: createLogger('pc2-apps', { level: 'err' }) })
    await service.start()
    node = await startTestNode({ sockets: { apps: service.socketPath } })
    owner = await claimed(node, newAccount())
    origin = `http://${node.host}`
  })
  after(async () => {
    await node?.stop()
    await service?.stop()
    await rm(root, { recursive: true, force: true })
  })

  it('installs, lists and shows an app through /api/apps, with the CSRF token', async () => {
    const refused = await send(node.port, 'POST', '/api/apps', { headers: { Cookie: owner.cookie }, json: { cid: echoCid } })
    assert.equal(refused.status, 403)
    assert.equal(errorName(refused), 'CsrfError')
    const installed = await send(node.port, 'POST', '/api/apps', { headers: owner.headers, json: { cid: echoCid } })
    assert.equal(installed.status, 201, installed.body)
    const listed = JSON.parse((await send(node.port, 'GET', '/api/apps', { headers: { Cookie: owner.cookie } })).body)
    assert.deepEqual(listed.apps.map((app: { name: string }) => app.name), ['echo'])
    assert.equal((await send(node.port, 'GET', '/api/apps/echo', { headers: { Cookie: owner.cookie } })).status, 200)
    const missing = await send(node.port, 'GET', '/api/apps/nothing', { headers: { Cookie: owner.cookie } })
    assert.deepEqual([missing.status, errorName(missing)], [404, 'AppNotFoundError'])
    assert.equal((await send(node.port, 'GET', '/api/apps/echo/secrets', { headers: { Cookie: owner.cookie } })).status, 404)
  })

  it('serves the app\'s page to the owner, without the owner\'s cookie reaching it, boxed in', async () => {
    const page = await send(node.port, 'GET', '/apps/echo/notes/a?x=1', { headers: { Cookie: owner.cookie } })
    assert.equal(page.status, 200, page.body)
    assert.equal(page.body, 'GET /apps/echo/notes/a?x=1 cookie=[] from=127.0.0.1\n')
    assert.equal(page.headers['x-app'], 'echo')
    assert.equal(page.headers['set-cookie'], undefined, 'an app cannot set the owner\'s cookie')
    const csp = String(page.headers['content-security-policy'])
    assert.match(csp, /^sandbox allow-forms allow-same-origin allow-downloads;/)
    assert.match(csp, /script-src 'none'/)
    assert.match(csp, new RegExp(`form-action ${origin}/apps/echo/;`))
    assert.equal(page.headers['x-frame-options'], 'DENY')
    assert.equal(page.headers['cache-control'], 'no-store')
    // Browsers send Origin: null with a form post from a no-referrer page.
    assert.equal(page.headers['referrer-policy'], 'same-origin')
    // A relative link needs the slash; the app's redirect keeps its own place.
    const bare = await send(node.port, 'GET', '/apps/echo?y=2', { headers: { Cookie: owner.cookie } })
    assert.deepEqual([bare.status, bare.headers.location], [301, '/apps/echo/?y=2'])
    const moved = await send(node.port, 'GET', '/apps/echo/go', { headers: { Cookie: owner.cookie } })
    assert.deepEqual([moved.status, moved.headers.location], [303, '/apps/echo/'])
  })

  it('sends a visitor without a session to the login page and back, and never to the app', async () => {
    for (const headers of [{}, { Cookie: `${owner.cookie}x` }] as Array<Record<string, string>>) {
      const page = await send(node.port, 'GET', '/apps/echo/notes/a?x=1', { headers })
      assert.deepEqual([page.status, page.headers.location], [303, `/login?next=${encodeURIComponent('/apps/echo/notes/a?x=1')}`])
      const post = await send(node.port, 'POST', '/apps/echo/notes', { headers: { ...headers, Origin: origin }, body: 'a=1' })
      assert.deepEqual([post.status, errorName(post)], [401, 'UnauthenticatedError'])
    }
  })

  it('takes the owner\'s form post from this node\'s own page only', async () => {
    const posted = await send(node.port, 'POST', '/apps/echo/notes', { headers: form({ Origin: origin, 'Sec-Fetch-Site': 'same-origin' }), body: 'title=hi' })
    assert.equal(posted.status, 200, posted.body)
    assert.equal(posted.body, 'POST /apps/echo/notes? cookie=[] from=127.0.0.1\ntitle=hi')
    for (const extra of [{}, { Origin: 'http://evil.example' }, { Origin: 'null' }, { Origin: origin, 'Sec-Fetch-Site': 'cross-site' }, { Origin: origin, 'Sec-Fetch-Site': 'same-site' }] as Array<Record<string, string>>) {
      const refused = await send(node.port, 'POST', '/apps/echo/notes', { headers: form(extra), body: 'title=hi' })
      assert.deepEqual([refused.status, errorName(refused)], [403, 'CsrfError'], JSON.stringify(extra))
    }
  })

  it('refuses a body over 1 MiB before the app runs, and names a broken or missing app', async () => {
    const big = await send(node.port, 'POST', '/apps/echo/notes', { headers: form({ Origin: origin }), body: 'x'.repeat((1 << 20) + 1) })
    assert.deepEqual([big.status, errorName(big)], [413, 'PayloadTooLargeError'])
    const crashed = await send(node.port, 'GET', '/apps/echo/crash', { headers: { Cookie: owner.cookie } })
    assert.equal(crashed.status, 502)
    const missing = await send(node.port, 'GET', '/apps/nothing/', { headers: { Cookie: owner.cookie } })
    assert.equal(missing.status, 404)
    const badName = await send(node.port, 'GET', '/apps/Bad_Name/', { headers: { Cookie: owner.cookie } })
    assert.deepEqual([badName.status, errorName(badName)], [404, 'NotFoundError'])
  })

  it('uninstalls only with the name repeated', async () => {
    const unconfirmed = await send(node.port, 'DELETE', '/api/apps/echo', { headers: owner.headers })
    assert.deepEqual([unconfirmed.status, errorName(unconfirmed)], [400, 'ConfirmationRequiredError'])
    assert.equal((await send(node.port, 'GET', '/apps/echo/', { headers: { Cookie: owner.cookie } })).status, 200, 'still there')
    const removed = await send(node.port, 'DELETE', '/api/apps/echo?confirm=echo', { headers: owner.headers })
    assert.equal(removed.status, 200, removed.body)
    assert.equal((await send(node.port, 'GET', '/apps/echo/', { headers: { Cookie: owner.cookie } })).status, 404)
  })

  it('says pc2-apps is not running when it is not', async () => {
    await service.stop()
    const answer = await send(node.port, 'GET', '/api/apps', { headers: { Cookie: owner.cookie } })
    assert.deepEqual([answer.status, errorName(answer)], [503, 'UnavailableError'])
  })
})
