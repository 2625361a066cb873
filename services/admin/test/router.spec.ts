import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MethodNotAllowedError, NotFoundError } from '@pc2/core'
import { jsonReply } from '../src/http.ts'
import { findRoute } from '../src/router.ts'
import type { Route } from '../src/router.ts'

const routes: Route[] = [
  { method: 'GET', path: '/a', handler: async () => jsonReply('get a') },
  { method: 'POST', path: '/a', handler: async () => jsonReply('post a') },
  { method: 'POST', path: '/b', handler: async () => jsonReply('post b') }
]

describe('findRoute', () => {
  it('matches method and exact path, and serves HEAD from GET', () => {
    assert.equal(findRoute(routes, 'GET', '/a'), routes[0])
    assert.equal(findRoute(routes, 'POST', '/a'), routes[1])
    assert.equal(findRoute(routes, 'HEAD', '/a'), routes[0])
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
})
