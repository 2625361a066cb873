import assert from 'node:assert/strict'
import { request } from 'node:http'
import { hostname, machine } from 'node:os'
import { statfs } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { createLogger, defaultSettings } from '@pc2/core'
import { admin } from '../src/index.ts'
import type { Admin } from '../src/index.ts'
import { send } from './fixtures/http-client.ts'
import { imageConfig, startTestNode } from './fixtures/node.ts'
import type { TestNode } from './fixtures/node.ts'
import { rootHash } from './fixtures/proc-text.ts'
import { claimed, newAccount } from './fixtures/siwe.ts'
import { boardModel, bootId, createFixtureSystem, machineId } from './fixtures/system.ts'
import type { FixtureSystem } from './fixtures/system.ts'

function started (service: Admin): number {
  const address = service.address()
  assert.ok(address !== undefined)
  return address.port
}

describe('pc2-admin server', () => {
  let node: TestNode
  let fixture: FixtureSystem
  let port = 0
  let logLines: string[] = []
  let owner: Record<string, string> = {}

  before(async () => {
    node = await startTestNode()
    fixture = node.fixture
    port = node.port
    logLines = node.logLines
    owner = { Cookie: (await claimed(node, newAccount())).cookie }
  })
  after(async () => { await node.stop() })

  it('answers GET /api/status with every field of the contract', async () => {
    const response = await send(port, 'GET', '/api/status', { headers: owner })
    assert.equal(response.status, 200)
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8')
    const status = JSON.parse(response.body) as Record<string, unknown>
    const figures = await statfs(fixture.paths.dataDir)
    const data = status.data as Record<string, unknown>
    assert.equal(typeof data.freeBytes, 'number')
    assert.equal(typeof data.availableBytes, 'number')
    assert.equal(typeof status.generatedAt, 'string')
    assert.ok(Math.abs(Date.parse(status.generatedAt as string) - Date.now()) < 60_000)
    assert.deepEqual({ ...status, data: { ...data, freeBytes: 0, availableBytes: 0 }, generatedAt: '' }, {
      product: { name: 'PC2', id: 'pc2', version: '0.1.0', hostname: hostname() },
      uptimeSeconds: 1234.56,
      bootId,
      machineId,
      hardware: { architecture: machine(), model: boardModel },
      root: {
        source: '/dev/mapper/pc2-root',
        fsType: 'squashfs',
        readOnly: true,
        verity: { enabled: true, device: 'dm-0', name: 'pc2-root', rootHash }
      },
      data: {
        path: fixture.paths.dataDir,
        mounted: true,
        source: '/dev/vda4',
        fsType: 'ext4',
        volatile: false,
        totalBytes: figures.blocks * figures.bsize,
        freeBytes: 0,
        availableBytes: 0
      },
      system: { state: 'unknown', failedUnits: [] },
      units: [],
      listening: [
        { protocol: 'tcp', family: 'ipv6', address: '::ffff:127.0.0.1', port: 53 },
        { protocol: 'tcp', family: 'ipv4', address: '0.0.0.0', port: 80 },
        { protocol: 'tcp', family: 'ipv6', address: '::', port: 80 },
        { protocol: 'tcp', family: 'ipv4', address: '127.0.0.1', port: 5001 },
        { protocol: 'tcp', family: 'ipv6', address: '::1', port: 8080 },
        { protocol: 'udp', family: 'ipv4', address: '0.0.0.0', port: 5353 },
        { protocol: 'udp', family: 'ipv6', address: 'fe80::1', port: 5353 }
      ],
      generatedAt: ''
    })
  })

  it('sends the security and caching headers on every response', async () => {
    for (const path of ['/api/status', '/api/health', '/', '/nowhere']) {
      const { headers } = await send(port, 'GET', path, { headers: owner })
      assert.equal(headers['cache-control'], 'no-store', path)
      assert.equal(headers['x-content-type-options'], 'nosniff', path)
      assert.equal(headers['referrer-policy'], 'no-referrer', path)
    }
  })

  it('serves HEAD without a body', async () => {
    const response = await send(port, 'HEAD', '/api/status', { headers: owner })
    assert.equal(response.status, 200)
    assert.equal(response.body, '')
    assert.ok(Number(response.headers['content-length']) > 0)
  })

  it('answers an unknown path with a JSON 404', async () => {
    const response = await send(port, 'GET', '/api/x')
    assert.equal(response.status, 404)
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8')
    assert.deepEqual(JSON.parse(response.body), { error: { name: 'NotFoundError', message: 'no route for GET /api/x' } })
  })

  it('answers a wrong method with a JSON 405 and Allow', async () => {
    const response = await send(port, 'DELETE', '/api/status', { headers: owner })
    assert.equal(response.status, 405)
    assert.equal(response.headers.allow, 'GET, HEAD')
    assert.equal((JSON.parse(response.body) as { error: { name: string } }).error.name, 'MethodNotAllowedError')
  })

  it('takes the path of an absolute-form target and refuses a target that is no path', async () => {
    assert.equal((await send(port, 'GET', 'http://pc2.local/api/status', { headers: owner })).status, 200)
    const response = await send(port, 'OPTIONS', '*')
    assert.equal(response.status, 400)
    assert.equal((JSON.parse(response.body) as { error: { name: string } }).error.name, 'InvalidInputError')
  })

  it('serves a small honest front page when the image has no UI', async () => {
    const response = await send(port, 'GET', '/')
    assert.equal(response.status, 200)
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8')
    assert.match(response.body, /<title>PC2 0\.1\.0<\/title>/)
    assert.match(response.body, /href="\/api\/health"/)
  })

  it('logs each request at debug', () => {
    assert.ok(logLines.some((line) => /^<7>pc2-admin: request method=GET path=\/api\/status status=200 ms=\d+\n$/.test(line)), logLines.join(''))
  })
})

describe('pc2-admin failures', () => {
  it('turns a broken collector into a generic 500 with no stack, and logs the detail', async () => {
    const missing = `/nonexistent-${process.pid}/no-such-mountinfo`
    const node = await startTestNode({ paths: { mountinfo: missing } })
    const logLines = node.logLines
    try {
      const response = await send(node.port, 'GET', '/api/status', { headers: { Cookie: (await claimed(node, newAccount())).cookie } })
      assert.equal(response.status, 500)
      const body = JSON.parse(response.body) as { error: { name: string, message: string } }
      assert.deepEqual(Object.keys(body), ['error'])
      assert.deepEqual(Object.keys(body.error), ['name', 'message'])
      assert.equal(body.error.name, 'InternalError')
      assert.ok(!response.body.includes(missing))
      assert.doesNotMatch(response.body, /\bat .*\.ts:\d+/)
      assert.doesNotMatch(response.body, /ENOENT/)
      assert.ok(logLines.some((line) => line.startsWith('<3>pc2-admin: request failed') && line.includes('ENOENT')))
    } finally {
      await node.stop()
    }
  })

  it('stops gracefully: the port closes even with a kept-alive connection open', async () => {
    const fixture = await createFixtureSystem()
    const logger = createLogger('pc2-admin', { level: 'err', write: () => {} })
    const service = admin({
      host: '127.0.0.1', port: 0, paths: fixture.paths, stateDir: `${fixture.root}/admin`, runtimeDir: fixture.root
    })({ logger, imageConfig, settings: defaultSettings(imageConfig) })
    await service.start()
    const port = started(service)
    try {
      // A keep-alive connection left idle after its response, as browsers do.
      await new Promise<void>((resolve, reject) => {
        const outgoing = request({ host: '127.0.0.1', port, path: '/', headers: { Connection: 'keep-alive' } }, (response) => {
          response.resume()
          response.on('end', resolve)
        })
        outgoing.on('error', reject)
        outgoing.end()
      })
      const stopping = Date.now()
      await service.stop()
      assert.ok(Date.now() - stopping < 2_000)
      assert.equal(service.address(), undefined)
      await assert.rejects(send(port, 'GET', '/api/health'), { code: 'ECONNREFUSED' })
      await service.stop()
    } finally {
      await fixture.remove()
    }
  })
})
