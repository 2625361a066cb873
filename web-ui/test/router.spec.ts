import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loginPathFor, matchPath, matchRoute, normalizePath, redirectFor, safeNextPath } from '../src/lib/router.ts'

const routes = [
  { path: '/', requiresOwner: true, name: 'dashboard' },
  { path: '/system', requiresOwner: true, name: 'system' },
  { path: '/claim', requiresOwner: false, name: 'claim' },
  { path: '/login', requiresOwner: false, name: 'login' },
  { path: '/f/:cid', requiresOwner: false, standalone: true, name: 'download' }
]

describe('matching', () => {
  it('normalizes trailing slashes', () => {
    assert.equal(normalizePath('/'), '/')
    assert.equal(normalizePath(''), '/')
    assert.equal(normalizePath('/system/'), '/system')
    assert.equal(normalizePath('/system//'), '/system')
  })

  it('finds the route for a path, or none', () => {
    assert.equal(matchRoute(routes, '/')?.name, 'dashboard')
    assert.equal(matchRoute(routes, '/system/')?.name, 'system')
    assert.equal(matchRoute(routes, '/System'), undefined)
    assert.equal(matchRoute(routes, '/system/extra'), undefined)
  })

  it('matches :name segments and hands them back decoded', () => {
    assert.deepEqual(matchPath('/f/:cid', '/f/bafy123'), { cid: 'bafy123' })
    assert.deepEqual(matchPath('/f/:cid', '/f/a%20b/'), { cid: 'a b' })
    assert.deepEqual(matchPath('/system', '/system'), {})
    assert.equal(matchPath('/f/:cid', '/f/'), undefined)
    assert.equal(matchPath('/f/:cid', '/f/a/b'), undefined)
    assert.equal(matchPath('/f/:cid', '/f/%E0%A4%A'), undefined)
    assert.equal(matchRoute(routes, '/f/bafy123')?.name, 'download')
  })
})

describe('where the session allows you to be', () => {
  const unclaimed = { claimed: false, authenticated: false }
  const signedOut = { claimed: true, authenticated: false }
  const owner = { claimed: true, authenticated: true }
  const go = (session: typeof owner, path: string, search = ''): string | undefined => redirectFor(session, matchRoute(routes, path), path, search)

  it('sends everyone to the claim page while the node has no owner', () => {
    assert.equal(go(unclaimed, '/'), '/claim')
    assert.equal(go(unclaimed, '/system'), '/claim')
    assert.equal(go(unclaimed, '/login'), '/claim')
    assert.equal(go(unclaimed, '/nowhere'), '/claim')
    assert.equal(go(unclaimed, '/claim'), undefined)
  })

  it('asks for login before owner pages, remembering where to go back', () => {
    assert.equal(go(signedOut, '/'), '/login')
    assert.equal(go(signedOut, '/system'), '/login?next=%2Fsystem')
    assert.equal(go(signedOut, '/system', '?x=1'), '/login?next=%2Fsystem%3Fx%3D1')
    assert.equal(go(signedOut, '/claim'), '/login')
    assert.equal(go(signedOut, '/login'), undefined)
  })

  it('lets the owner in and away from claim and login', () => {
    assert.equal(go(owner, '/'), undefined)
    assert.equal(go(owner, '/system'), undefined)
    assert.equal(go(owner, '/nowhere'), undefined)
    assert.equal(go(owner, '/claim'), '/')
    assert.equal(go(owner, '/login'), '/')
    assert.equal(go(owner, '/login', '?next=%2Fsystem'), '/system')
  })

  it('shows standalone pages (share links) to anyone, whatever the session', () => {
    assert.equal(go(unclaimed, '/f/bafy123'), undefined)
    assert.equal(go(signedOut, '/f/bafy123'), undefined)
    assert.equal(go(owner, '/f/bafy123'), undefined)
  })

  it('follows ?next= only within this node', () => {
    assert.equal(safeNextPath('?next=%2Fsettings'), '/settings')
    assert.equal(safeNextPath('?next=https%3A%2F%2Fevil.example'), undefined)
    assert.equal(safeNextPath('?next=%2F%2Fevil.example'), undefined)
    assert.equal(safeNextPath('?next=%2F%5Cevil.example'), undefined)
    assert.equal(safeNextPath('?next=%2Flogin'), undefined)
    assert.equal(safeNextPath(''), undefined)
  })

  it('builds login paths without pointless ?next=', () => {
    assert.equal(loginPathFor('/'), '/login')
    assert.equal(loginPathFor('/login?next=%2F'), '/login')
    assert.equal(loginPathFor('/settings'), '/login?next=%2Fsettings')
  })
})
