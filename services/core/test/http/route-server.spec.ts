// The route server on a real socket: replies as the client sees them, HEAD, the dispatch hook,
// unread bodies, limits, and what closing does to requests in flight.

import assert from 'node:assert/strict'
import { stat, mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createLogger, createRouteServer, emptyReply, eventStream, jsonReply, NotFoundError, UnauthenticatedError } from '../../src/index.ts'
import type { Reply, Route, RouteRequest, RouteServer } from '../../src/index.ts'

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, body: string }

async function send (socketPath: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    const outgoing = request({ socketPath, method, path, agent: false, headers: { ...headers, ...(body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) } }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { text += chunk })
      response.on('end', () => { resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }) })
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

type Context = RouteRequest & { counter: { value: number } }

describe('createRouteServer', () => {
  let root: string
  let socket: string
  let server: RouteServer
  let dispatched: string[]
  const counter = { value: 0 }
  const streamClosed: string[] = []
  const routes: Array<Route<Context, Reply>> = [
    { method: 'GET', path: '/count', handler: async ({ counter }) => jsonReply({ value: ++counter.value }) },
    { method: 'POST', path: '/echo/:name', handler: async ({ params, readJson }) => jsonReply({ name: params.name, body: await readJson() }, 201) },
    { method: 'PUT', path: '/refuse', handler: async () => { throw new NotFoundError('nothing here', { details: { what: 'refuse' } }) } },
    { method: 'GET', path: '/secret', handler: async () => emptyReply(204) },
    { method: 'GET', path: '/bug', handler: async () => { throw new TypeError('a bug with /private/path') } },
    {
      method: 'GET',
      path: '/events',
      handler: async () => eventStream('test', (listener) => {
        listener({ event: 'hello', data: { n: 1 } })
        return () => { streamClosed.push('unsubscribed') }
      })
    }
  ]

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-route-server-'))
    socket = join(root, 'api.sock')
    dispatched = []
    server = createRouteServer(routes, {
      name: 'pc2-test',
      state: { counter },
      logger: createLogger('pc2-test', { level: 'err', write: () => {} }),
      head: true,
      headers: { 'Cache-Control': 'no-store', 'X-Test': 'yes' },
      limits: { jsonBodyBytes: 64, headersTimeoutMs: 7_000, requestTimeoutMs: 9_000, idleTimeoutMs: 11_000, maxConnections: 13 },
      dispatch: async (route, context) => {
        dispatched.push(`${context.method} ${route.path}`)
        if (route.path === '/secret' && context.headers.authorization !== 'yes') throw new UnauthenticatedError('who are you?')
        return await route.handler(context)
      }
    })
    await server.listen({ socket })
  })
  after(async () => {
    await server.close()
    await rm(root, { recursive: true, force: true })
  })

  it('listens on a socket its group may use, and applies the limits', async () => {
    assert.equal((await stat(socket)).mode & 0o777, 0o660)
    assert.equal(server.server.headersTimeout, 7_000)
    assert.equal(server.server.requestTimeout, 9_000)
    assert.equal(server.server.timeout, 11_000)
    assert.equal(server.server.maxConnections, 13)
  })

  it('writes JSON replies with their type, length and the server\'s headers', async () => {
    const answer = await send(socket, 'GET', '/count')
    assert.equal(answer.status, 200)
    assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8')
    assert.equal(answer.headers['content-length'], String(Buffer.byteLength(answer.body)))
    assert.equal(answer.headers['x-test'], 'yes')
    assert.equal(answer.headers['cache-control'], 'no-store')
    assert.equal(typeof JSON.parse(answer.body).value, 'number')
  })

  it('answers HEAD from a GET route with the length and no body, and lists HEAD in a 405', async () => {
    const head = await send(socket, 'HEAD', '/count')
    assert.equal(head.status, 200)
    assert.equal(head.body, '')
    assert.ok(Number(head.headers['content-length']) > 0)
    const wrong = await send(socket, 'DELETE', '/count')
    assert.equal(wrong.status, 405)
    assert.equal(wrong.headers.allow, 'GET, HEAD')
  })

  it('passes decoded params and the JSON body, and refuses a body over the limit or not JSON', async () => {
    const echo = await send(socket, 'POST', '/echo/a%20b', JSON.stringify({ x: 1 }), { 'Content-Type': 'application/json' })
    assert.equal(echo.status, 201)
    assert.deepEqual(JSON.parse(echo.body), { name: 'a b', body: { x: 1 } })
    const large = await send(socket, 'POST', '/echo/a', JSON.stringify({ x: 'y'.repeat(100) }), { 'Content-Type': 'application/json' })
    assert.equal(large.status, 413)
    assert.equal(JSON.parse(large.body).error.name, 'PayloadTooLargeError')
    const form = await send(socket, 'POST', '/echo/a', 'x=1', { 'Content-Type': 'application/x-www-form-urlencoded' })
    assert.equal(JSON.parse(form.body).error.name, 'InvalidInputError')
  })

  it('runs the dispatch hook before every handler; what it throws is the answer', async () => {
    dispatched.length = 0
    const refused = await send(socket, 'GET', '/secret')
    assert.equal(refused.status, 401)
    assert.equal(JSON.parse(refused.body).error.name, 'UnauthenticatedError')
    assert.equal((await send(socket, 'GET', '/secret', undefined, { Authorization: 'yes' })).status, 204)
    assert.deepEqual(dispatched, ['GET /secret', 'GET /secret'])
  })

  it('closes the connection after a reply whose request body was not read', async () => {
    const answer = await send(socket, 'PUT', '/refuse', 'x'.repeat(200_000), { 'Content-Type': 'application/octet-stream' })
    assert.equal(answer.status, 404)
    assert.deepEqual(JSON.parse(answer.body).error.details, { what: 'refuse' })
    assert.equal(answer.headers.connection, 'close')
  })

  it('hides an unexpected failure behind InternalError, naming the service\'s log', async () => {
    const answer = await send(socket, 'GET', '/bug')
    assert.equal(answer.status, 500)
    const { error } = JSON.parse(answer.body) as { error: { name: string, message: string } }
    assert.equal(error.name, 'InternalError')
    assert.match(error.message, /pc2-test log/)
    assert.ok(!answer.body.includes('/private/path'))
  })

  it('refuses a request target that is not a path', async () => {
    const answer = await send(socket, 'GET', '//elsewhere/count')
    assert.equal(answer.status, 400)
  })

  it('ends an event stream when the server closes', async () => {
    const second = createRouteServer(routes, { name: 'pc2-test', state: { counter }, logger: createLogger('pc2-test', { level: 'err', write: () => {} }) })
    const path = join(root, 'second.sock')
    await second.listen({ socket: path })
    const received = new Promise<string>((resolve, reject) => {
      const outgoing = request({ socketPath: path, method: 'GET', path: '/events', agent: false }, (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          text += chunk
          if (text.includes('event: hello')) void second.close()
        })
        response.on('end', () => { resolve(text) })
      })
      outgoing.on('error', reject)
      outgoing.end()
    })
    const text = await received
    assert.match(text, /^: test events\n\nevent: hello\ndata: \{"n":1\}\n\n/)
    assert.deepEqual(streamClosed, ['unsubscribed'])
  })
})
