// The typed client against a real route server on a Unix socket, both sides built from one
// contract: what it sends, what it reads back, and how each failure comes back.

import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiRoutes, createLogger, createRouteServer, emptyReply, fillPath, jsonReply, listenOnSocket, serviceClient, WalletNotFoundError } from '../../src/index.ts'
import type { Endpoint, NoContentEndpoint, RawBody, RouteRequest, RouteServer, StreamEndpoint } from '../../src/index.ts'

interface Note { id: string, text: string }

interface NotesApi {
  'GET /notes/:id': Endpoint<Note>
  'PUT /notes/:id': Endpoint<Note, { text: string }>
  'DELETE /notes/:id': NoContentEndpoint
  'GET /search': Endpoint<{ query: string }>
  'PUT /raw/:id': Endpoint<{ bytes: number }, RawBody>
  'GET /stream': StreamEndpoint
}

describe('serviceClient', () => {
  let root: string
  let socketPath: string
  let server: RouteServer
  const notes = new Map<string, string>()

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-client-'))
    socketPath = join(root, 'api.sock')
    server = createRouteServer(apiRoutes<NotesApi, RouteRequest>({
      'GET /notes/:id': async ({ params }) => {
        const text = notes.get(params.id)
        if (text === undefined) throw new WalletNotFoundError(`no note ${params.id}`, { details: { id: params.id } })
        return jsonReply({ id: params.id, text })
      },
      'PUT /notes/:id': async ({ params, readJson }) => {
        const { text } = await readJson() as { text: string }
        const created = !notes.has(params.id)
        notes.set(params.id, text)
        return jsonReply({ id: params.id, text }, created ? 201 : 200)
      },
      'DELETE /notes/:id': async ({ params }) => { notes.delete(params.id); return emptyReply() },
      'GET /search': async ({ query }) => jsonReply({ query: query.get('q') ?? '' }),
      'PUT /raw/:id': async ({ readBytes }) => jsonReply({ bytes: (await readBytes({ limitBytes: 1024 })).byteLength }),
      'GET /stream': async () => ({ status: 200, headers: { 'Content-Type': 'text/plain' }, stream: async (write) => { await write('one '); await write('two') } })
    }), { name: 'pc2-notes', state: {}, logger: createLogger('pc2-notes', { level: 'err', write: () => {} }) })
    await server.listen({ socket: socketPath })
  })
  after(async () => {
    await server.close()
    await rm(root, { recursive: true, force: true })
  })

  it('calls a route by its contract: params encoded, JSON both ways, the status when asked', async () => {
    const client = serviceClient<NotesApi>({ name: 'pc2-notes', socketPath })
    const first = await client.send('PUT /notes/:id', { params: { id: 'a/b c' }, json: { text: 'hello' } })
    assert.deepEqual(first, { status: 201, body: { id: 'a/b c', text: 'hello' } })
    assert.equal((await client.send('PUT /notes/:id', { params: { id: 'a/b c' }, json: { text: 'again' } })).status, 200)
    assert.deepEqual(await client.call('GET /notes/:id', { params: { id: 'a/b c' } }), { id: 'a/b c', text: 'again' })
    assert.deepEqual(await client.call('GET /search', { query: { q: 'x&y' } }), { query: 'x&y' })
    assert.equal(await client.call('DELETE /notes/:id', { params: { id: 'a/b c' } }), undefined)
  })

  it('gives back the error the service answered, with its name, status and details', async () => {
    const client = serviceClient<NotesApi>({ name: 'pc2-notes', socketPath })
    await assert.rejects(client.call('GET /notes/:id', { params: { id: 'gone' } }), (error: Error & { status?: number, details?: unknown }) => {
      assert.equal(error.name, 'WalletNotFoundError')
      assert.equal(error.status, 404)
      assert.equal(error.message, 'no note gone')
      assert.deepEqual(error.details, { id: 'gone' })
      return true
    })
  })

  it('passes any call through and hands back the answer as it streams', async () => {
    const client = serviceClient<NotesApi>({ name: 'pc2-notes', socketPath })
    const raw = await client.request({ method: 'PUT', path: '/raw/1', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(300) })
    assert.equal(raw.statusCode, 200)
    const streamed = await client.request({ method: 'GET', path: '/stream' })
    let text = ''
    for await (const chunk of streamed) text += String(chunk)
    assert.equal(text, 'one two')
  })

  it('says a service that is not there is not running, naming it', async () => {
    const client = serviceClient<NotesApi>({ name: 'pc2-elsewhere', socketPath: join(root, 'nobody.sock') })
    await assert.rejects(client.call('GET /search'), (error: Error & { status?: number }) => {
      assert.equal(error.name, 'UnavailableError')
      assert.equal(error.status, 503)
      assert.equal(error.message, 'pc2-elsewhere is not running')
      return true
    })
  })

  it('gives up on a service that does not answer in time, and on an answer that is too large', async () => {
    const silentPath = join(root, 'silent.sock')
    const silent = createServer(() => {})
    await listenOnSocket(silent, silentPath)
    try {
      const client = serviceClient<NotesApi>({ name: 'pc2-silent', socketPath: silentPath, timeoutMs: 100 })
      await assert.rejects(client.call('GET /search'), { name: 'UnavailableError', message: 'pc2-silent did not answer in 0.1 s' })
    } finally {
      silent.closeAllConnections()
      silent.close()
    }
    notes.set('big', 'x'.repeat(5000))
    const small = serviceClient<NotesApi>({ name: 'pc2-notes', socketPath, maxResponseBytes: 1024 })
    await assert.rejects(small.call('GET /notes/:id', { params: { id: 'big' } }), { name: 'PayloadTooLargeError' })
  })

  it('stops when the caller\'s signal aborts', async () => {
    const client = serviceClient<NotesApi>({ name: 'pc2-notes', socketPath })
    const controller = new AbortController()
    controller.abort(new Error('the caller gave up'))
    await assert.rejects(client.call('GET /search', { signal: controller.signal }), { message: 'the caller gave up' })
  })

  it('fills a path pattern, encoding each param and keeping a prefix route\'s rest', () => {
    assert.equal(fillPath('/files/:cid/seal', { cid: 'a/b' }), '/files/a%2Fb/seal')
    assert.equal(fillPath('/ipfs/*', { '*': 'bafy/x' }), '/ipfs/bafy/x')
    assert.throws(() => fillPath('/files/:cid', {}), TypeError)
  })
})
