import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { cacheControlOf, contentTypeOf } from '../../src/static/content-type.ts'

describe('web UI file headers', () => {
  it('knows the bundle\'s content types', () => {
    const expected: Record<string, string> = {
      'index.html': 'text/html; charset=utf-8',
      'a.js': 'text/javascript; charset=utf-8',
      'a.css': 'text/css; charset=utf-8',
      'a.svg': 'image/svg+xml',
      'a.png': 'image/png',
      'favicon.ico': 'image/x-icon',
      'manifest.json': 'application/json; charset=utf-8',
      'font-ABCDEFGH.woff2': 'font/woff2',
      'a.js.map': 'application/json; charset=utf-8',
      'A.HTML': 'text/html; charset=utf-8',
      'README': 'application/octet-stream'
    }
    for (const [file, type] of Object.entries(expected)) assert.equal(contentTypeOf(file), type, file)
  })

  it('caches only content-hashed names, forever', () => {
    assert.equal(cacheControlOf('/ui/assets/index-5GMYB3XY.js'), 'public, max-age=31536000, immutable')
    assert.equal(cacheControlOf('chunk-ABCD2345.css'), 'public, max-age=31536000, immutable')
    for (const file of ['/ui/index.html', 'index-5gmyb3xy.js', 'index-5GMYB3X.js', 'app.js', '/ui/assets-5GMYB3XY/app.js']) {
      assert.equal(cacheControlOf(file), 'no-cache', file)
    }
  })
})
