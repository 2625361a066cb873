import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { routes } from '../src/routes.ts'
import { errorName, send } from './fixtures/http-client.ts'
import { startTestNode } from './fixtures/node.ts'
import type { TestNode } from './fixtures/node.ts'
import { claimed, credentialsOf, loginAs, newAccount } from './fixtures/siwe.ts'
import type { OwnerCredentials } from './fixtures/siwe.ts'

const ownerRoutes = routes.filter((route) => route.access === 'owner')

describe('the route table', () => {
  let node: TestNode
  let owner: OwnerCredentials
  const account = newAccount()
  before(async () => {
    node = await startTestNode()
    owner = await claimed(node, account)
  })
  after(async () => { await node.stop() })

  it('declares every API.md route once, with its access level', () => {
    const declared = routes.map((route) => `${route.method} ${route.path} ${route.access}`)
    assert.deepEqual(declared, [
      'GET /api/health public',
      'GET /api/auth/nonce public',
      'GET /api/auth/session public',
      'POST /api/claim public',
      'POST /api/auth/login public',
      'POST /api/auth/logout owner',
      'GET /api/status owner',
      'GET /api/journal owner',
      'GET /api/journal/stream owner',
      'POST /api/system/reboot owner',
      'POST /api/system/poweroff owner',
      'GET /api/settings owner',
      'PUT /api/settings owner',
      'POST /api/uploads owner',
      'GET /api/uploads/:id owner',
      'PUT /api/uploads/:id owner',
      'DELETE /api/uploads/:id owner',
      'POST /api/uploads/:id/complete owner',
      'GET /api/files owner',
      'GET /api/files/:cid/key owner',
      'DELETE /api/files/:cid owner',
      'GET /api/storage owner',
      'POST /api/storage/gc owner',
      'GET /api/peers owner',
      'POST /api/peers/fetch owner',
      'GET /api/shop/* owner',
      'POST /api/shop/* owner',
      'PATCH /api/shop/* owner',
      'DELETE /api/shop/* owner',
      'GET /api/network/* owner',
      'POST /api/network/* owner',
      'DELETE /api/network/* owner',
      'GET /api/apps owner',
      'POST /api/apps owner',
      'GET /api/apps/* owner',
      'POST /api/apps/* owner',
      'PUT /api/apps/* owner',
      'DELETE /api/apps/* owner',
      'GET /apps/* app',
      'POST /apps/* app',
      'GET /api/storefront/* public',
      'GET /ipfs/* public',
      'GET /* public'
    ])
  })

  // Walks the table rather than a list: an owner route added later is covered on its own.
  it('answers 401 UnauthenticatedError on every owner route without a valid session', async () => {
    assert.ok(ownerRoutes.length >= 8)
    const bogus = 'pc2_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    for (const route of ownerRoutes) {
      for (const headers of [{} as Record<string, string>, { Cookie: bogus, 'X-CSRF-Token': owner.csrfToken }, { Cookie: `${owner.cookie}x` }]) {
        const response = await send(node.port, route.method, route.path, { headers, ...(route.method === 'GET' ? {} : { json: {} }) })
        assert.equal(response.status, 401, `${route.method} ${route.path} ${JSON.stringify(headers)}: ${response.body}`)
        assert.equal(errorName(response), 'UnauthenticatedError', `${route.method} ${route.path}`)
      }
      if (route.method === 'GET') assert.equal((await send(node.port, 'HEAD', route.path)).status, 401, `HEAD ${route.path}`)
    }
  })

  it('did none of the owner routes\' work for those callers', async () => {
    const { readdir } = await import('node:fs/promises')
    assert.deepEqual((await readdir(node.runtimeDir)).filter((name) => name === 'power-request'), [])
    assert.deepEqual(await readdir(`${node.configDir}/pc2.conf.d`), [])
  })

  it('refuses state-changing owner requests without the CSRF token, with a wrong one, or from another origin', async () => {
    const changing = ownerRoutes.filter((route) => route.method !== 'GET')
    assert.ok(changing.length >= 4)
    for (const route of changing) {
      for (const headers of [
        { Cookie: owner.cookie } as Record<string, string>,
        { Cookie: owner.cookie, 'X-CSRF-Token': alteredLastCharacter(owner.csrfToken) },
        { Cookie: owner.cookie, 'X-CSRF-Token': '' },
        { ...owner.headers, Origin: 'http://evil.example' },
        { ...owner.headers, Origin: `http://${node.host}.evil.example` },
        { ...owner.headers, Origin: 'null' }
      ]) {
        const response = await send(node.port, route.method, route.path, { headers, json: { values: {} } })
        assert.equal(response.status, 403, `${route.method} ${route.path} ${JSON.stringify(headers)}`)
        assert.equal(errorName(response), 'CsrfError')
      }
    }
    // GETs need no token: a cross-site page cannot read their answers anyway.
    assert.equal((await send(node.port, 'GET', '/api/settings', { headers: { Cookie: owner.cookie } })).status, 200)
  })

  it('accepts the token with the node\'s own Origin, http or https, or with no Origin at all', async () => {
    for (const origin of [`http://${node.host}`, `https://${node.host}`, undefined]) {
      const headers = { ...owner.headers, ...(origin === undefined ? {} : { Origin: origin }) }
      const response = await send(node.port, 'PUT', '/api/settings', { headers, json: { values: {} } })
      assert.equal(response.status, 200, `${origin ?? 'no origin'}: ${response.body}`)
    }
  })

  it('logs out: 204, the cookie cleared, the session gone', async () => {
    const session = credentialsOf(await loginAs(node, account))
    const response = await send(node.port, 'POST', '/api/auth/logout', { headers: session.headers })
    assert.equal(response.status, 204)
    assert.equal(response.headers['set-cookie']?.[0], 'pc2_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0')
    const after = await send(node.port, 'GET', '/api/status', { headers: { Cookie: session.cookie } })
    assert.equal(after.status, 401)
    assert.equal(errorName(after), 'UnauthenticatedError')
    assert.deepEqual(JSON.parse((await send(node.port, 'GET', '/api/auth/session', { headers: { Cookie: session.cookie } })).body), {
      claimed: true, authenticated: false
    })
    // Other sessions of the owner live on.
    assert.equal((await send(node.port, 'GET', '/api/status', { headers: { Cookie: owner.cookie } })).status, 200)
  })
})

/** The token with its last character changed (always changed: never replaced by itself). */
function alteredLastCharacter (token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
}
