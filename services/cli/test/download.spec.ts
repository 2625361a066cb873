import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, it } from 'node:test'
import { generateFileKey } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { encryptedFile } from './fixtures/encrypted.ts'
import type { EncryptedFile } from './fixtures/encrypted.ts'
import { startFakeNode } from './fixtures/fake-node.ts'
import type { FakeNode } from './fixtures/fake-node.ts'
import { runCli } from './fixtures/run-cli.ts'

describe('pc2 download', () => {
  let root = ''
  let cwd = ''
  let node: FakeNode
  let file: EncryptedFile
  const serve = (encrypted: EncryptedFile): void => {
    node.files.set(encrypted.cid, { ciphertext: Buffer.from(encrypted.ciphertext), record: { key: '', metadata: encrypted.metadata } })
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-cli-download-'))
    node = await startFakeNode(privateKeyToAccount(generatePrivateKey()).address)
    file = await encryptedFile('holiday photos.tar', 3 * 1024 * 1024 + 123)
    serve(file)
  })
  after(async () => {
    await node.close()
    await rm(root, { recursive: true, force: true })
  })
  beforeEach(async () => {
    cwd = await mkdtemp(join(root, 'cwd-'))
  })

  it('saves the decrypted file under its own name in the current directory', async () => {
    const run = await runCli(['download', file.linkAt(node.origin)], { cwd })
    assert.equal(run.code, 0, run.stderr)
    assert.equal(run.stdout, `${join(cwd, 'holiday photos.tar')}\n`)
    assert.deepEqual(await readFile(join(cwd, 'holiday photos.tar')), Buffer.from(file.plaintext))
    assert.deepEqual(await readdir(cwd), ['holiday photos.tar'])
    assert.equal((await stat(join(cwd, 'holiday photos.tar'))).mode & 0o777, 0o600)
    assert.match(run.stderr, /^downloaded .*holiday photos\.tar \(3\.0 MiB in/m)
  })

  it('keeps a hostile name inside the output directory', async () => {
    const hostile = await encryptedFile('../../x', 1000)
    serve(hostile)
    const inner = join(cwd, 'a', 'b')
    await mkdir(inner, { recursive: true })
    const run = await runCli(['download', hostile.linkAt(node.origin), '--output', inner], { cwd })
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(await readdir(inner), ['x'])
    assert.deepEqual(await readFile(join(inner, 'x')), Buffer.from(hostile.plaintext))
    assert.deepEqual((await readdir(cwd)).sort(), ['a'])
    assert.deepEqual(await readdir(join(cwd, 'a')), ['b'])
  })

  it('writes to an explicit --output path, and refuses to replace a file without --force', async () => {
    const target = join(cwd, 'mine.bin')
    await writeFile(target, 'precious')
    const refused = await runCli(['download', file.linkAt(node.origin), '-o', target], { cwd })
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /^pc2: file exists: .*mine\.bin already exists; use --force/m)
    assert.equal(await readFile(target, 'utf8'), 'precious')
    assert.deepEqual(await readdir(cwd), ['mine.bin'])

    const forced = await runCli(['download', file.linkAt(node.origin), '-o', target, '--force'], { cwd })
    assert.equal(forced.code, 0, forced.stderr)
    assert.deepEqual(await readFile(target), Buffer.from(file.plaintext))
    assert.deepEqual(await readdir(cwd), ['mine.bin'])
  })

  it('refuses to replace a file of the same name in the output directory without --force', async () => {
    await writeFile(join(cwd, 'holiday photos.tar'), 'older')
    const refused = await runCli(['download', file.linkAt(node.origin)], { cwd })
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /file exists/)
    assert.equal(await readFile(join(cwd, 'holiday photos.tar'), 'utf8'), 'older')
    assert.deepEqual(await readdir(cwd), ['holiday photos.tar'])
  })

  it('says "wrong key" and writes nothing when the key does not open the file', async () => {
    const otherKey = generateFileKey(await loadFastestBackend())
    const run = await runCli(['download', file.linkAt(node.origin, otherKey)], { cwd })
    assert.equal(run.code, 1)
    assert.match(run.stderr, /^pc2: wrong key: /m)
    assert.doesNotMatch(run.stderr, /\n\s+at /)
    assert.deepEqual(await readdir(cwd), [])
  })

  it('says "truncated" and leaves nothing when the ciphertext ends early', async () => {
    node.gateway.set(file.cid, { body: Buffer.from(file.ciphertext.subarray(0, 2 * 1024 * 1024)) })
    try {
      const run = await runCli(['download', file.linkAt(node.origin)], { cwd })
      assert.equal(run.code, 1)
      assert.match(run.stderr, /^pc2: truncated: the file ended after 2097152 of \d+ bytes/m)
      assert.deepEqual(await readdir(cwd), [])
    } finally {
      node.gateway.delete(file.cid)
    }
  })

  it('says "network" and leaves nothing when the connection breaks mid-file', async () => {
    node.gateway.set(file.cid, { body: Buffer.from(file.ciphertext.subarray(0, 1024 * 1024)), contentLength: file.ciphertext.byteLength })
    try {
      const run = await runCli(['download', file.linkAt(node.origin)], { cwd })
      assert.equal(run.code, 1)
      assert.match(run.stderr, /^pc2: network: the download from .* broke off after \d+ of \d+ bytes/m)
      assert.deepEqual(await readdir(cwd), [])
    } finally {
      node.gateway.delete(file.cid)
    }
  })

  it('says "damaged" and leaves nothing when a later frame was altered', async () => {
    const damaged = Buffer.from(file.ciphertext)
    damaged[damaged.byteLength - 5000] = (damaged[damaged.byteLength - 5000] ?? 0) ^ 1
    node.gateway.set(file.cid, { body: damaged })
    try {
      const run = await runCli(['download', file.linkAt(node.origin)], { cwd })
      assert.equal(run.code, 1)
      assert.match(run.stderr, /^pc2: damaged: /m)
      assert.deepEqual(await readdir(cwd), [])
    } finally {
      node.gateway.delete(file.cid)
    }
  })

  it('says "not found" when the node does not have the CID', async () => {
    const missing = await encryptedFile('gone.txt', 10)
    const run = await runCli(['download', missing.linkAt(node.origin)], { cwd })
    assert.equal(run.code, 1)
    assert.match(run.stderr, /^pc2: not found: .* does not have b/m)
    assert.deepEqual(await readdir(cwd), [])
  })

  it('says "network" when the node cannot be reached', async () => {
    const closed = createServer().listen(0, '127.0.0.1')
    await once(closed, 'listening')
    const { port } = closed.address() as AddressInfo
    closed.close()
    const run = await runCli(['download', file.linkAt(`http://127.0.0.1:${port}`)], { cwd })
    assert.equal(run.code, 1)
    assert.match(run.stderr, /^pc2: network: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/m)
  })

  const malformed: Array<[string, string, RegExp]> = [
    ['not a URL', 'pc2.local/f/x', /is not a URL/],
    ['no /f/ path', 'http://pc2.local/ipfs/bafkreiabcdefghijklmnopqrstuvwxyz#k=abc', /is not \/f\/<cid>/],
    ['no key', `http://pc2.local/f/bafkreiabcdefghijklmnopqrstuvwxyz`, /has no key/],
    ['a short key', 'http://pc2.local/f/bafkreiabcdefghijklmnopqrstuvwxyz#k=abc', /a file key is 32 bytes/],
    ['not a CID', `http://pc2.local/f/hello#k=${'A'.repeat(43)}`, /is not a content identifier/]
  ]
  for (const [what, link, message] of malformed) {
    it(`refuses a link with ${what} (exit 2, "malformed link")`, async () => {
      const run = await runCli(['download', link], { cwd })
      assert.equal(run.code, 2)
      assert.match(run.stderr, /^pc2: malformed link: /m)
      assert.match(run.stderr, message)
      assert.deepEqual(await readdir(cwd), [])
    })
  }

  it('refuses an --output directory that does not exist', async () => {
    const run = await runCli(['download', file.linkAt(node.origin), '--output', 'nowhere/'], { cwd })
    assert.equal(run.code, 1)
    assert.match(run.stderr, /^pc2: cannot save: the directory nowhere\/ does not exist/m)
  })
})
