// The example apps (apps/), built from source by apps/build and run as the node runs them:
// the checksum job against known SHA-256 vectors and a tampered file, the notes web app
// through WAGI — written, rendered with every piece of text escaped, deleted.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { before, describe, it } from 'node:test'
import { createLogger } from '@pc2/core'
import { appRuns } from '../src/run-app.ts'
import type { AppRuns } from '../src/run-app.ts'
import { nodeWasiRunner } from '../src/runner/node-wasi.ts'
import { openAppStore } from '../src/store/app-store.ts'
import type { AppStore } from '../src/store/app-store.ts'
import type { WagiRequest } from '../src/wagi.ts'

const repository = new URL('../../..', import.meta.url).pathname
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

describe('example apps', () => {
  let store: AppStore
  let runs: AppRuns
  let built: string
  before(async () => {
    built = await mkdtemp(join(tmpdir(), 'pc2-example-apps-'))
    await promisify(execFile)('bash', [join(repository, 'apps/build')], { env: { ...process.env, PC2_OUT: built } })
    store = await openAppStore(join(built, 'data'))
    runs = appRuns({ store, runner: nodeWasiRunner(), logger: createLogger('test', { level: 'err' }) })
    for (const name of ['checksum', 'notes']) await store.install(await readFile(join(built, 'apps', `${name}.wasm`)), { cid: `bafk-${name}` })
  })

  it('builds reproducibly: the same sources give the same bytes', async () => {
    const again = await mkdtemp(join(tmpdir(), 'pc2-example-apps-'))
    await promisify(execFile)('bash', [join(repository, 'apps/build'), 'checksum'], { env: { ...process.env, PC2_OUT: again } })
    assert.deepEqual(await readFile(join(again, 'apps', 'checksum.wasm')), await readFile(join(built, 'apps', 'checksum.wasm')))
  })

  describe('checksum', () => {
    it('gives the FIPS 180-4 vectors', async () => {
      const empty = await runs.runJob('checksum', { args: [], stdin: new Uint8Array(0) })
      assert.equal(decode(empty.stdout), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  -\n')
      const abc = await runs.runJob('checksum', { args: [], stdin: new TextEncoder().encode('abc') })
      assert.equal(decode(abc.stdout), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -\n')
      const long = await runs.runJob('checksum', { args: [], stdin: new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq') })
      assert.equal(decode(long.stdout), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1  -\n')
    })

    it('hashes files in its folder like sha256sum, and --check finds a tampered one', async () => {
      const folder = store.dataDir('checksum')
      const big = new Uint8Array(3 * 65536 + 17).map((_, index) => (index * 31) % 256)
      await writeFile(join(folder, 'big.bin'), big)
      await writeFile(join(folder, 'small.txt'), 'hello\n')
      const sums = await runs.runJob('checksum', { args: ['big.bin', 'small.txt'] })
      const { createHash } = await import('node:crypto')
      assert.equal(decode(sums.stdout), `${createHash('sha256').update(big).digest('hex')}  big.bin\n${createHash('sha256').update('hello\n').digest('hex')}  small.txt\n`)
      await writeFile(join(folder, 'SUMS'), sums.stdout)
      const ok = await runs.runJob('checksum', { args: ['--check', 'SUMS'] })
      assert.deepEqual([ok.exitCode, decode(ok.stdout)], [0, 'big.bin: OK\nsmall.txt: OK\n'])
      await writeFile(join(folder, 'small.txt'), 'hellO\n')
      const failed = await runs.runJob('checksum', { args: ['--check', 'SUMS'] })
      assert.deepEqual([failed.exitCode, decode(failed.stdout)], [1, 'big.bin: OK\nsmall.txt: FAILED\n'])
    })

    it('names a file it cannot read, and cannot read outside its folder', async () => {
      const result = await runs.runJob('checksum', { args: ['missing.txt', '/etc/passwd', '../notes/x'] })
      assert.equal(result.exitCode, 2)
      assert.match(result.stderr, /checksum: missing.txt: No such file or directory/)
      assert.match(result.stderr, /checksum: \/etc\/passwd: /)
      assert.equal(decode(result.stdout), '')
      assert.equal((await runs.runJob('checksum', { args: ['--bogus'] })).exitCode, 2)
    })
  })

  describe('notes', () => {
    const request = (method: string, pathInfo: string, bodyLength = 0): WagiRequest => ({ method, scriptName: '/apps/notes', pathInfo, query: '', headers: bodyLength > 0 ? { 'content-type': 'application/x-www-form-urlencoded' } : {}, remoteAddress: '192.0.2.1', serverName: 'pc2.local', serverPort: 80, bodyLength })
    const serve = async (method: string, path: string, form?: Record<string, string>) => {
      const body = new TextEncoder().encode(form === undefined ? '' : new URLSearchParams(form).toString())
      const response = await runs.serve('notes', request(method, path, body.length), body)
      return { ...response, text: decode(response.body), location: response.headers.find(([name]) => name.toLowerCase() === 'location')?.[1] }
    }

    it('lists no notes at first, with a form', async () => {
      const page = await serve('GET', '/')
      assert.equal(page.status, 200)
      assert.match(page.text, /No notes yet/)
      assert.match(page.text, /<form method="post" action="\/apps\/notes\/">/)
    })

    it('saves a note and renders its Markdown, escaping every piece of text', async () => {
      const saved = await serve('POST', '/', { title: 'Groceries & <Things>', body: '# List\n\n- **milk** & `eggs`\n- *bread*\n\n<script>alert(1)</script> [home](https://example.org/) [bad](javascript:alert(1))\n\n```\n<b>code</b>\n```\n' })
      assert.deepEqual([saved.status, saved.location], [303, '/apps/notes/groceries-things'])
      const page = await serve('GET', '/groceries-things')
      assert.equal(page.status, 200)
      assert.match(page.text, /<h2>List<\/h2>/)
      assert.match(page.text, /<li><strong>milk<\/strong> &amp; <code>eggs<\/code><\/li><li><em>bread<\/em><\/li>/)
      assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
      assert.match(page.text, /<a href="https:\/\/example.org\/" rel="noopener noreferrer">home<\/a>/)
      assert.doesNotMatch(page.text, /href="javascript:/)
      assert.match(page.text, /<pre><code>&lt;b&gt;code&lt;\/b&gt;\n<\/code><\/pre>/)
      assert.doesNotMatch(page.text, /<script>/)
      assert.match((await serve('GET', '/')).text, /<a href="\/apps\/notes\/groceries-things">groceries-things<\/a>/)
      assert.ok((await readFile(join(store.dataDir('notes'), 'notes', 'groceries-things.md'), 'utf8')).startsWith('# List'))
    })

    it('deletes a note, and answers 404, 405 and 400 where it should', async () => {
      const deleted = await serve('POST', '/groceries-things/delete')
      assert.deepEqual([deleted.status, deleted.location], [303, '/apps/notes/'])
      assert.equal((await serve('GET', '/groceries-things')).status, 404)
      assert.equal((await serve('GET', '/..%2f..%2fetc')).status, 404)
      assert.equal((await serve('GET', '/../../etc/passwd')).status, 404)
      assert.equal((await serve('DELETE', '/')).status, 405)
      assert.equal((await serve('POST', '/', { title: '!!!', body: 'x' })).status, 400)
    })
  })
})

