// The shop routes against a stand-in pc2-shop on a Unix socket: owner routes need the
// session (and CSRF to change anything) and reach the shop with the owner's address added;
// storefront routes are public; errors and event streams pass through unchanged; a shop
// that is not running is a 503 naming pc2-shop.

import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, request } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { errorName, send } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'
import { claimed, newAccount } from '../fixtures/siwe.ts'
import type { OwnerCredentials } from '../fixtures/siwe.ts'

interface SeenRequest { method: string, url: string, owner: string | undefined, body: string }

interface FakeShop {
  server: Server
  seen: SeenRequest[]
  /** Open event streams; a test writes events into them. */
  streams: ServerResponse[]
  /** Resolves each time an event stream's client (pc2-admin) goes away. */
  streamClosed: () => Promise<void>
}

async function startFakeShop (socketPath: string): Promise<FakeShop> {
  const seen: SeenRequest[] = []
  const streams: ServerResponse[] = []
  let closedWaiters: Array<() => void> = []
  const json = (response: ServerResponse, status: number, value: unknown): void => {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
    response.end(JSON.stringify(value))
  }
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    let body = ''
    incoming.setEncoding('utf8')
    incoming.on('data', (chunk: string) => { body += chunk })
    incoming.on('end', () => {
      const owner = incoming.headers['x-pc2-owner']
      seen.push({ method: incoming.method ?? '', url: incoming.url ?? '', owner: typeof owner === 'string' ? owner : undefined, body })
      const url = incoming.url ?? ''
      if (url.endsWith('/events')) {
        response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' })
        response.flushHeaders()
        streams.push(response)
        response.on('close', () => {
          const waiters = closedWaiters
          closedWaiters = []
          for (const wake of waiters) wake()
        })
        return
      }
      if (url === '/status') return json(response, 200, { enabled: true, owner })
      if (url === '/listings' && incoming.method === 'POST') return json(response, 201, { listingId: '1', received: JSON.parse(body) })
      if (url === '/listings/99') return json(response, 404, { error: { name: 'ListingNotFoundError', message: 'no listing 99', details: { listingId: '99' } } })
      if (url === '/sales') return json(response, 503, { error: { name: 'ChainUnavailableError', message: 'the chain does not answer', details: { rpcUrl: 'http://127.0.0.1:1' } } })
      if (url.startsWith('/listings/')) return json(response, 200, { listingId: url.split('/')[2], method: incoming.method, received: body === '' ? null : JSON.parse(body) })
      if (url.startsWith('/public/')) return json(response, 200, { public: url })
      if (url === '/wallet') return json(response, 200, { address: '0x000000000000000000000000000000000000dEaD' })
      json(response, 404, { error: { name: 'NotFoundError', message: `fake shop has no ${url}` } })
    })
  })
  server.listen(socketPath)
  await once(server, 'listening')
  return {
    server,
    seen,
    streams,
    streamClosed: async () => await new Promise<void>((resolve) => { closedWaiters.push(resolve) })
  }
}

/** Opens an event stream through pc2-admin and hands back what arrives, chunk by chunk. */
async function openStream (port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number, contentType: string | undefined, next: () => Promise<string>, close: () => void }> {
  return await new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, agent: false, headers }, (response) => {
      response.setEncoding('utf8')
      const chunks: string[] = []
      let waiting: ((chunk: string) => void) | undefined
      response.on('data', (chunk: string) => {
        if (waiting !== undefined) { const wake = waiting; waiting = undefined; wake(chunk) } else chunks.push(chunk)
      })
      resolve({
        status: response.statusCode ?? 0,
        contentType: response.headers['content-type'],
        next: async () => chunks.length > 0 ? chunks.shift() ?? '' : await new Promise<string>((wake) => { waiting = wake }),
        close: () => { outgoing.destroy() }
      })
    })
    outgoing.on('error', reject)
    outgoing.end()
  })
}

describe('shop and storefront routes', () => {
  let node: TestNode
  let shop: FakeShop
  let socketDir: string
  let owner: OwnerCredentials
  const account = newAccount()

  before(async () => {
    socketDir = await mkdtemp(join(tmpdir(), 'pc2-admin-shop-'))
    shop = await startFakeShop(join(socketDir, 'shop.sock'))
    node = await startTestNode({ sockets: { shop: join(socketDir, 'shop.sock') } })
    owner = await claimed(node, account)
  })
  after(async () => {
    for (const stream of shop.streams) stream.destroy()
    await node.stop()
    shop.server.close()
    await rm(socketDir, { recursive: true, force: true })
  })

  it('refuses owner routes without a session, and never calls the shop', async () => {
    const before = shop.seen.length
    for (const [method, path] of [['GET', '/api/shop/status'], ['POST', '/api/shop/wallet'], ['GET', '/api/shop/events'], ['PATCH', '/api/shop/listings/1'], ['DELETE', '/api/shop/listings/1']] as const) {
      const response = await send(node.port, method, path)
      assert.equal(response.status, 401, `${method} ${path}`)
      assert.equal(errorName(response), 'UnauthenticatedError')
    }
    assert.equal(shop.seen.length, before)
  })

  it('passes owner calls on with the owner\'s address in x-pc2-owner', async () => {
    const response = await send(node.port, 'GET', '/api/shop/status', { headers: { Cookie: owner.cookie } })
    assert.equal(response.status, 200)
    assert.deepEqual(JSON.parse(response.body), { enabled: true, owner: account.address })
    assert.equal(shop.seen.at(-1)?.owner, account.address)
  })

  it('needs the CSRF token to change anything, and passes the JSON body and status on', async () => {
    const refused = await send(node.port, 'POST', '/api/shop/listings', { headers: { Cookie: owner.cookie }, json: { cid: 'x' } })
    assert.equal(refused.status, 403)
    assert.equal(errorName(refused), 'CsrfError')
    const created = await send(node.port, 'POST', '/api/shop/listings', { headers: owner.headers, json: { cid: 'bafy', title: 'A', price: '1000', commissionBps: 500 } })
    assert.equal(created.status, 201)
    assert.deepEqual(JSON.parse(created.body).received, { cid: 'bafy', title: 'A', price: '1000', commissionBps: 500 })
    const patched = await send(node.port, 'PATCH', '/api/shop/listings/7', { headers: owner.headers, json: { paused: true } })
    assert.equal(patched.status, 200)
    assert.deepEqual(JSON.parse(patched.body), { listingId: '7', method: 'PATCH', received: { paused: true } })
    const deleted = await send(node.port, 'DELETE', '/api/shop/listings/7', { headers: owner.headers })
    assert.equal(JSON.parse(deleted.body).method, 'DELETE')
    const wallet = await send(node.port, 'POST', '/api/shop/wallet', { headers: owner.headers })
    assert.equal(wallet.status, 200)
    assert.equal(shop.seen.at(-1)?.owner, account.address)
  })

  it('passes the shop\'s errors through unchanged, details included', async () => {
    const missing = await send(node.port, 'GET', '/api/shop/listings/99', { headers: { Cookie: owner.cookie } })
    assert.equal(missing.status, 404)
    assert.deepEqual(JSON.parse(missing.body), { error: { name: 'ListingNotFoundError', message: 'no listing 99', details: { listingId: '99' } } })
    const chain = await send(node.port, 'GET', '/api/shop/sales', { headers: { Cookie: owner.cookie } })
    assert.equal(chain.status, 503)
    assert.equal(JSON.parse(chain.body).error.details.rpcUrl, 'http://127.0.0.1:1')
  })

  it('answers 404 for paths the shop does not have, without asking it', async () => {
    const before = shop.seen.length
    for (const path of ['/api/shop/public/listings', '/api/shop/health', '/api/shop/listings/abc', '/api/shop/listings/1/../../x']) {
      const response = await send(node.port, 'GET', path, { headers: { Cookie: owner.cookie } })
      assert.equal(response.status, 404, path)
    }
    const publicMissing = await send(node.port, 'GET', '/api/storefront/sales')
    assert.equal(publicMissing.status, 404)
    assert.equal(shop.seen.length, before)
  })

  it('serves the storefront to anyone, as the shop\'s /public/ routes, without an owner header', async () => {
    for (const rest of ['listings', 'listings/3', 'purchases/12', 'promoters/0x000000000000000000000000000000000000dEaD']) {
      const response = await send(node.port, 'GET', `/api/storefront/${rest}`)
      assert.equal(response.status, 200, rest)
      assert.deepEqual(JSON.parse(response.body), { public: `/public/${rest}` })
      assert.equal(shop.seen.at(-1)?.owner, undefined)
    }
    const post = await send(node.port, 'POST', '/api/storefront/listings', { json: {} })
    assert.equal(post.status, 405)
  })

  it('streams owner events as they come, and closes the shop\'s stream when the client leaves', async () => {
    const stream = await openStream(node.port, '/api/shop/events', { Cookie: owner.cookie })
    assert.equal(stream.status, 200)
    assert.match(stream.contentType ?? '', /^text\/event-stream/)
    const upstream = shop.streams.at(-1)
    assert.ok(upstream !== undefined)
    assert.equal(shop.seen.at(-1)?.owner, account.address)
    upstream.write('event: purchase\ndata: {"purchaseId":"1"}\n\n')
    assert.equal(await stream.next(), 'event: purchase\ndata: {"purchaseId":"1"}\n\n')
    upstream.write('event: status\ndata: {"enabled":true}\n\n')
    assert.equal(await stream.next(), 'event: status\ndata: {"enabled":true}\n\n')
    const closed = shop.streamClosed()
    stream.close()
    await closed
  })

  it('streams a promoter\'s public events without a session', async () => {
    const stream = await openStream(node.port, '/api/storefront/promoters/0x000000000000000000000000000000000000dEaD/events')
    assert.equal(stream.status, 200)
    const upstream = shop.streams.at(-1)
    assert.equal(shop.seen.at(-1)?.url, '/public/promoters/0x000000000000000000000000000000000000dEaD/events')
    upstream?.write('event: purchase\ndata: {}\n\n')
    assert.equal(await stream.next(), 'event: purchase\ndata: {}\n\n')
    const closed = shop.streamClosed()
    stream.close()
    await closed
  })

  it('answers 503 naming pc2-shop when the shop is not running', async () => {
    const other = await startTestNode({ sockets: { shop: join(socketDir, 'nobody-listens.sock') } })
    try {
      const response = await send(other.port, 'GET', '/api/storefront/listings')
      assert.equal(response.status, 503)
      assert.equal(errorName(response), 'UnavailableError')
      assert.match(JSON.parse(response.body).error.message, /pc2-shop/)
    } finally {
      await other.stop()
    }
  })
})

describe('storefront rate limit', () => {
  it('limits storefront requests per client with 429 and Retry-After', async () => {
    const socketDir = await mkdtemp(join(tmpdir(), 'pc2-admin-shop-'))
    const shop = await startFakeShop(join(socketDir, 'shop.sock'))
    const node = await startTestNode({ sockets: { shop: join(socketDir, 'shop.sock') }, rateLimits: { claim: 1000, login: 1000, nonce: 1000, storefront: 3 } })
    try {
      for (let index = 0; index < 3; index++) assert.equal((await send(node.port, 'GET', '/api/storefront/listings')).status, 200)
      const limited = await send(node.port, 'GET', '/api/storefront/listings')
      assert.equal(limited.status, 429)
      assert.equal(errorName(limited), 'TooManyRequestsError')
      assert.ok(Number(limited.headers['retry-after']) > 0)
    } finally {
      await node.stop()
      shop.server.close()
      await rm(socketDir, { recursive: true, force: true })
    }
  })
})
