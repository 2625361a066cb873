import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { changesState, findRoute as findAnyRoute, jsonReply, MethodNotAllowedError, NotFoundError } from '../../src/index.ts'
import type { Reply, Route } from '../../src/index.ts'

type TestRoute = Route<unknown, Reply>

// The admin's server: GET routes answer HEAD.
const findRoute = (routes: readonly TestRoute[], method: string, path: string): ReturnType<typeof findAnyRoute<TestRoute>> => findAnyRoute(routes, method, path, { head: true })

const routes: TestRoute[] = [
  { method: 'GET', path: '/a', handler: async () => jsonReply('get a') },
  { method: 'POST', path: '/a', handler: async () => jsonReply('post a') },
  { method: 'POST', path: '/b', handler: async () => jsonReply('post b') }
]
const withUi: TestRoute[] = [
  ...routes,
  { method: 'GET', path: '/api/x', handler: async () => jsonReply('x') },
  { method: 'GET', path: '/*', excluding: '/api', handler: async () => jsonReply('ui') }
]

describe('findRoute', () => {
  it('matches method and exact path, and serves HEAD from GET', () => {
    assert.equal(findRoute(routes, 'GET', '/a').route, routes[0])
    assert.equal(findRoute(routes, 'POST', '/a').route, routes[1])
    assert.equal(findRoute(routes, 'HEAD', '/a').route, routes[0])
  })

  it('answers NotFoundError for an unknown path', () => {
    assert.throws(() => findRoute(routes, 'GET', '/a/'), (error: Error) => {
      assert.ok(error instanceof NotFoundError)
      assert.equal(error.message, 'no route for GET /a/')
      return true
    })
  })

  it('answers MethodNotAllowedError listing what is allowed', () => {
    assert.throws(() => findRoute(routes, 'DELETE', '/a'), (error: Error) => {
      assert.ok(error instanceof MethodNotAllowedError)
      assert.deepEqual(error.details?.allow, ['GET', 'POST', 'HEAD'])
      return true
    })
    assert.throws(() => findRoute(routes, 'HEAD', '/b'), { name: 'MethodNotAllowedError' })
  })

  it('sends every other path outside /api/ to the /* route, and none inside', () => {
    assert.equal(findRoute(withUi, 'GET', '/a').route, withUi[0])
    assert.equal(findRoute(withUi, 'GET', '/api/x').route, withUi[3])
    for (const path of ['/', '/settings', '/assets/x.js', '/apiary']) assert.equal(findRoute(withUi, 'GET', path).route, withUi[4], path)
    for (const path of ['/api', '/api/', '/api/y']) assert.throws(() => findRoute(withUi, 'GET', path), { name: 'NotFoundError' }, path)
    assert.throws(() => findRoute(withUi, 'PUT', '/settings'), (error: Error & { details?: Record<string, unknown> }) => {
      assert.deepEqual(error.details?.allow, ['GET', 'HEAD'])
      return true
    })
  })

  it('matches :name segments and /prefix/* routes, decoding the values', () => {
    const withParams: TestRoute[] = [
      { method: 'GET', path: '/api/files/:cid/key', handler: async () => jsonReply('key') },
      { method: 'DELETE', path: '/api/files/:cid', handler: async () => jsonReply('delete') },
      { method: 'GET', path: '/ipfs/*', handler: async () => jsonReply('gateway') },
      { method: 'GET', path: '/*', excluding: '/api', handler: async () => jsonReply('ui') }
    ]
    assert.deepEqual(findRoute(withParams, 'GET', '/api/files/bafy%20x/key'), { route: withParams[0], params: { cid: 'bafy x' } })
    assert.deepEqual(findRoute(withParams, 'DELETE', '/api/files/abc').params, { cid: 'abc' })
    assert.deepEqual(findRoute(withParams, 'HEAD', '/ipfs/bafy/extra'), { route: withParams[2], params: { '*': 'bafy/extra' } })
    assert.equal(findRoute(withParams, 'GET', '/ipfs').route, withParams[3])
    assert.throws(() => findRoute(withParams, 'GET', '/api/files//key'), { name: 'NotFoundError' })
    assert.throws(() => findRoute(withParams, 'GET', '/api/files/abc'), { name: 'MethodNotAllowedError' })
    assert.throws(() => findRoute(withParams, 'GET', '/api/files/%zz/key'), { name: 'InvalidInputError' })
  })

  it('says which methods change state', () => {
    assert.deepEqual((['GET', 'POST', 'PUT', 'DELETE'] as const).map(changesState), [false, true, true, true])
  })
})
