// The UI bundle as pc2-admin will serve it: only files (the CSP forbids inline script and
// style), hashed names, everything referenced present, and small.

import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { bundleWebUi } from '../../scripts/bundle.ts'
import type { WebUiBundleResult } from '../../scripts/bundle.ts'

const webUiDir = fileURLToPath(new URL('..', import.meta.url))
/** The budget for all JavaScript and CSS together, gzipped. */
const budgetBytes = 40 * 1024

describe('web UI bundle', () => {
  let dir = ''
  let result: WebUiBundleResult
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc2-web-ui-'))
    result = await bundleWebUi({ webUiDir, outDir: join(dir, 'web-ui') })
  })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('writes index.html, favicon, one hashed app script and stylesheet, and chunks', async () => {
    const files = await readdir(result.dir)
    assert.ok(files.includes('index.html'))
    assert.ok(files.includes('favicon.svg'))
    assert.equal(files.filter((file) => /^app-[A-Z0-9]{8}\.js$/.test(file)).length, 1, files.join(' '))
    assert.equal(files.filter((file) => /^app-[A-Z0-9]{8}\.css$/.test(file)).length, 1, files.join(' '))
    for (const file of files) assert.match(file, /^(index\.html|favicon\.svg|app-[A-Z0-9]{8}\.(js|css)|chunk-[A-Z0-9]{8}\.js)$/)
  })

  it('has no inline script or style in index.html, and every file it names exists', async () => {
    const html = await readFile(join(result.dir, 'index.html'), 'utf8')
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/)
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i)
    const referenced = [...html.matchAll(/(?:src|href)="\/([^"]+)"/g)].map((match) => match[1])
    assert.equal(referenced.length, 3)
    const files = await readdir(result.dir)
    for (const file of referenced) assert.ok(file !== undefined && files.includes(file), `${file} is missing`)
  })

  it('stays within its size budget and carries no viem', async () => {
    assert.ok(result.gzipBytes < budgetBytes, `${result.gzipBytes} bytes gzip`)
    for (const { file } of result.files) {
      const text = await readFile(file, 'utf8')
      assert.doesNotMatch(text, /viem/i, file)
    }
  })
})
