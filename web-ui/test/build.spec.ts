// The UI bundle as pc2-admin will serve it: only files (the CSP forbids inline script and
// style), hashed names, everything referenced present, a small first screen, and the big
// crypto code (libsodium) only where it is needed.

import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { bundleWebUi } from '../../scripts/bundle.ts'
import type { WebUiBundleResult } from '../../scripts/bundle.ts'

const webUiDir = fileURLToPath(new URL('..', import.meta.url))
/** What every visit loads first (app script, stylesheet, their static chunks), gzipped. */
const firstScreenBudgetBytes = 40 * 1024
/**
 * All JavaScript and CSS but the crypto chunk, gzipped: the admin (about 43 KiB), the
 * shop's owner pages and the public storefront with its buy page (about 21 KiB), and room.
 */
const uiBudgetBytes = 80 * 1024
/** libsodium's WebAssembly and the file format, loaded only to encrypt or decrypt. */
const cryptoBudgetBytes = 180 * 1024
/** A name libsodium's wrappers keep in minified code. */
const cryptoMarker = 'crypto_secretstream_xchacha20poly1305'

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

  // viem's package entry would bring dead CCIP, WebSocket and secp256k1 chunks along (see
  // lib/abi-words.ts): the storefront speaks the few FileShop calls it needs itself.
  it('stays within its size budgets and carries no viem', async () => {
    assert.ok(result.firstScreenGzipBytes < firstScreenBudgetBytes, `first screen: ${result.firstScreenGzipBytes} bytes gzip`)
    let uiBytes = 0
    for (const { file, gzipBytes } of result.files) {
      const text = await readFile(file, 'utf8')
      assert.doesNotMatch(text, /viem/i, file)
      if (!text.includes(cryptoMarker)) uiBytes += gzipBytes
    }
    assert.ok(uiBytes < uiBudgetBytes, `UI without crypto: ${uiBytes} bytes gzip`)
  })

  it('loads libsodium lazily, in one chunk of its own', async () => {
    const withCrypto = []
    for (const file of result.files) {
      if ((await readFile(file.file, 'utf8')).includes(cryptoMarker)) withCrypto.push(file)
    }
    assert.equal(withCrypto.length, 1, withCrypto.map(({ file }) => file).join(' '))
    const [crypto] = withCrypto
    assert.equal(crypto?.firstScreen, false, 'not on the first screen')
    assert.ok((crypto?.gzipBytes ?? 0) < cryptoBudgetBytes, `crypto chunk: ${crypto?.gzipBytes} bytes gzip`)
  })
})
