import assert from 'node:assert/strict'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { contentSecurityPolicy } from '../../src/headers.ts'
import { errorName, send } from '../fixtures/http-client.ts'
import { startTestNode } from '../fixtures/node.ts'
import type { TestNode } from '../fixtures/node.ts'

const indexHtml = '<!doctype html><title>PC2</title><script type="module" src="/assets/index-5GMYB3XY.js"></script>\n'

describe('the web UI (GET outside /api/)', () => {
  let node: TestNode
  before(async () => {
    // The node was told where the bundle is before it existed: it is looked up per request.
    node = await startTestNode()
    const ui = node.webUiDir
    await mkdir(join(ui, 'assets'), { recursive: true })
    await writeFile(join(ui, 'index.html'), indexHtml)
    await writeFile(join(ui, 'assets', 'index-5GMYB3XY.js'), 'console.log("pc2")\n')
    await writeFile(join(ui, 'assets', 'style.css'), 'body{}\n')
    await writeFile(join(ui, 'favicon.svg'), '<svg/>')
    await writeFile(join(node.fixture.root, 'secret.txt'), 'outside the UI')
    await symlink(join(node.fixture.root, 'secret.txt'), join(ui, 'leak.txt'))
  })
  after(async () => { await node.stop() })

  it('serves an existing file with its type; a hashed name is immutable, others revalidate', async () => {
    const script = await send(node.port, 'GET', '/assets/index-5GMYB3XY.js')
    assert.equal(script.status, 200)
    assert.equal(script.body, 'console.log("pc2")\n')
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable')
    const style = await send(node.port, 'GET', '/assets/style.css')
    assert.equal(style.headers['content-type'], 'text/css; charset=utf-8')
    assert.equal(style.headers['cache-control'], 'no-cache')
    assert.equal((await send(node.port, 'GET', '/favicon.svg')).headers['content-type'], 'image/svg+xml')
  })

  it('answers index.html, never cached, for / and for any path that names no file', async () => {
    for (const path of ['/', '/index.html', '/settings', '/journal/pc2-admin.service', '/assets/', '/assets/gone-AAAAAAAA.js']) {
      const response = await send(node.port, 'GET', path)
      assert.equal(response.status, 200, path)
      assert.equal(response.body, indexHtml, path)
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8', path)
      assert.equal(response.headers['cache-control'], 'no-cache', path)
    }
  })

  it('never serves anything outside the UI directory', async () => {
    for (const path of ['/..%2f..%2fetc/passwd', '/..%2f..%2fsecret.txt', '/assets/..%2f..%2f..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/leak.txt', '/%00', '/%E0%A4%A']) {
      const response = await send(node.port, 'GET', path)
      assert.doesNotMatch(response.body, /root:|outside the UI/, path)
      assert.equal(response.status, 404, `${path}: ${response.status}`)
      assert.equal(errorName(response), 'NotFoundError', path)
    }
    // The URL parser resolves dot segments (also %2e%2e) before routing: these stay inside
    // the directory as /etc/passwd and /secret.txt, which name no file there → index.html.
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/secret.txt']) {
      assert.equal((await send(node.port, 'GET', path)).body, indexHtml, path)
    }
  })

  it('sends the content security policy and no-sniff on UI and API alike', async () => {
    assert.equal(contentSecurityPolicy, "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
      "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
    for (const path of ['/', '/assets/index-5GMYB3XY.js', '/api/health', '/api/status', '/api/nothing']) {
      const { headers } = await send(node.port, 'GET', path)
      assert.equal(headers['content-security-policy'], contentSecurityPolicy, path)
      assert.equal(headers['x-content-type-options'], 'nosniff', path)
      assert.equal(headers['x-frame-options'], 'DENY', path)
    }
  })

  it('serves HEAD without a body, refuses other methods, and keeps /api/ out of the fallback', async () => {
    const head = await send(node.port, 'HEAD', '/settings')
    assert.equal(head.status, 200)
    assert.equal(head.body, '')
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(indexHtml)))
    const post = await send(node.port, 'POST', '/settings')
    assert.equal(post.status, 405)
    assert.equal(post.headers.allow, 'GET, HEAD')
    for (const path of ['/api', '/api/', '/api/nothing']) {
      const response = await send(node.port, 'GET', path)
      assert.equal(response.status, 404, path)
      assert.equal(response.headers['content-type'], 'application/json; charset=utf-8')
    }
  })
})

describe('without a web UI bundle', () => {
  it('answers / with the placeholder page and other paths with 404', async () => {
    const node = await startTestNode()
    try {
      const home = await send(node.port, 'GET', '/')
      assert.equal(home.status, 200)
      assert.match(home.body, /<title>PC2 0\.1\.0<\/title>/)
      assert.match(home.body, /href="\/api\/health"/)
      assert.equal(home.headers['cache-control'], 'no-store')
      assert.equal((await send(node.port, 'GET', '/settings')).status, 404)
      await mkdir(node.webUiDir)
      assert.equal((await send(node.port, 'GET', '/')).status, 200)
      assert.equal((await send(node.port, 'GET', '/settings')).status, 404)
    } finally {
      await node.stop()
    }
  })
})
