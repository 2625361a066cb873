import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { api, ApiError, errorFromReply, onUnauthenticated, setCsrfToken } from '../src/lib/api.ts'

interface Call { url: string, init: RequestInit }

describe('api helper', () => {
  const realFetch = globalThis.fetch
  let calls: Call[] = []
  let reply: () => Response = () => new Response('{}')

  beforeEach(() => {
    calls = []
    globalThis.fetch = async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} })
      return reply()
    }
  })
  afterEach(() => {
    globalThis.fetch = realFetch
    setCsrfToken(undefined)
  })

  const header = (call: Call | undefined, name: string): string | undefined => (call?.init.headers as Record<string, string> | undefined)?.[name]

  it('sends the CSRF token on state changes only', async () => {
    setCsrfToken('token-1')
    await api.get('/api/status')
    await api.post('/api/system/reboot')
    await api.put('/api/settings', { values: {} })
    assert.equal(header(calls[0], 'X-CSRF-Token'), undefined)
    assert.equal(header(calls[1], 'X-CSRF-Token'), 'token-1')
    assert.equal(header(calls[2], 'X-CSRF-Token'), 'token-1')
    assert.equal(calls[1]?.init.body, undefined)
    assert.equal(calls[2]?.init.body, '{"values":{}}')
    assert.equal(header(calls[2], 'Content-Type'), 'application/json')
  })

  it('answers the parsed JSON, and undefined for 204', async () => {
    reply = () => new Response('{"a":1}', { status: 200 })
    assert.deepEqual(await api.get('/x'), { a: 1 })
    reply = () => new Response(null, { status: 204 })
    assert.equal(await api.post('/api/auth/logout'), undefined)
  })

  it('turns {error} into an ApiError with name, status and details', async () => {
    reply = () => new Response(JSON.stringify({ error: { name: 'InvalidInputError', message: 'bad port', details: { setting: 'admin.port', expected: 'an integer' } } }), { status: 400 })
    await assert.rejects(api.put('/api/settings', { values: { 'admin.port': 'x' } }), (error: unknown) => {
      assert.ok(error instanceof ApiError)
      assert.equal(error.name, 'InvalidInputError')
      assert.equal(error.message, 'bad port')
      assert.equal(error.status, 400)
      assert.deepEqual(error.details, { setting: 'admin.port', expected: 'an integer' })
      return true
    })
  })

  it('reports a lost session, and only for UnauthenticatedError', async () => {
    let reports = 0
    const stop = onUnauthenticated(() => { reports++ })
    reply = () => new Response(JSON.stringify({ error: { name: 'SignatureInvalidError', message: 'no' } }), { status: 401 })
    await assert.rejects(api.post('/api/auth/login', {}), { name: 'SignatureInvalidError' })
    assert.equal(reports, 0)
    reply = () => new Response(JSON.stringify({ error: { name: 'UnauthenticatedError', message: 'sign in' } }), { status: 401 })
    await assert.rejects(api.get('/api/status'), { name: 'UnauthenticatedError' })
    assert.equal(reports, 1)
    stop()
    await assert.rejects(api.get('/api/status'), { name: 'UnauthenticatedError' })
    assert.equal(reports, 1)
  })

  it('names a node that does not answer, or answers nonsense', async () => {
    globalThis.fetch = async () => { throw new TypeError('fetch failed') }
    await assert.rejects(api.get('/api/status'), { name: 'NetworkError', status: 0 })
    globalThis.fetch = async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' })
    await assert.rejects(api.get('/api/status'), { name: 'HttpError', status: 502, message: 'The node answered 502 Bad Gateway.' })
    globalThis.fetch = async () => new Response('<html>', { status: 200 })
    await assert.rejects(api.get('/api/status'), { name: 'HttpError' })
  })

  it('passes an abort through untouched', async () => {
    globalThis.fetch = async () => { throw new DOMException('aborted', 'AbortError') }
    await assert.rejects(api.get('/api/status'), { name: 'AbortError' })
  })

  it('reads Retry-After', () => {
    const error = errorFromReply(429, 'Too Many Requests', { error: { name: 'TooManyRequestsError', message: 'slow down' } }, '42')
    assert.equal(error.retryAfterSeconds, 42)
    assert.equal(errorFromReply(429, '', {}, 'soon').retryAfterSeconds, undefined)
  })
})
