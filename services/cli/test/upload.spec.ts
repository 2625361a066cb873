import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, beforeEach, describe, it } from 'node:test'
import { concat, FileDecryptor, parseShareLink } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { startFakeNode } from './fixtures/fake-node.ts'
import type { FakeNode } from './fixtures/fake-node.ts'
import { runCli, startCli } from './fixtures/run-cli.ts'

describe('pc2 upload', async () => {
  const backend = await loadFastestBackend()
  const ownerKey = generatePrivateKey()
  let root = ''
  let node: FakeNode
  let source = ''
  let plaintext: Buffer
  const env = (): Record<string, string> => ({ PC2_OWNER_KEY: ownerKey })

  /** Uploads `source` and checks that what the node stored decrypts, with the link's key, to the file. */
  const uploadAndCheck = async (args: string[] = []): Promise<{ link: string, stderr: string }> => {
    const run = await runCli(['upload', source, '--node', node.origin, ...args], { cwd: root, env: env() })
    assert.equal(run.code, 0, run.stderr)
    const link = run.stdout.trim()
    const { origin, cid, key } = parseShareLink(link)
    assert.equal(origin, node.origin)
    const stored = node.files.get(cid)
    assert.ok(stored !== undefined, 'the node has the CID of the link')
    assert.equal(stored.record.key, Buffer.from(key).toString('base64url'))
    const decryptor = new FileDecryptor(backend, key)
    assert.deepEqual(Buffer.from(concat([...decryptor.update(stored.ciphertext), ...decryptor.final()])), plaintext)
    assert.deepEqual(decryptor.metadata, stored.record.metadata)
    for (const secret of [ownerKey, ownerKey.slice(2)]) {
      assert.ok(!run.stderr.includes(secret) && !run.stdout.includes(secret), 'the owner key is never printed')
    }
    return { link, stderr: run.stderr }
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-cli-upload-'))
    source = join(root, 'notes.txt')
    plaintext = randomBytes(5 * 1024 * 1024 + 7)
    await writeFile(source, plaintext)
    node = await startFakeNode(privateKeyToAccount(ownerKey).address)
  })
  after(async () => {
    await node.close()
    await rm(root, { recursive: true, force: true })
  })
  beforeEach(() => { node.log.length = 0 })

  it('encrypts, uploads and prints a share link that pc2 download turns back into the file', async () => {
    const { link, stderr } = await uploadAndCheck()
    assert.equal(node.files.get(parseShareLink(link).cid)?.record.metadata.name, 'notes.txt')
    assert.equal(node.files.get(parseShareLink(link).cid)?.record.metadata.type, 'text/plain')
    assert.match(stderr, /^uploaded notes\.txt \(5\.0 MiB in [\d.]+ s, [\d.]+ MiB\/s\)$/m)
    const puts = node.log.filter((line) => line.startsWith('PUT'))
    assert.equal(puts.length, 1)
    assert.match(puts[0] ?? '', /\?offset=0$/)
    const out = await mkdtemp(join(root, 'out-'))
    const download = await runCli(['download', link], { cwd: out })
    assert.equal(download.code, 0, download.stderr)
    assert.deepEqual(await readFile(join(out, 'notes.txt')), plaintext)
  })

  it('sends a large file in 16 MiB requests, at consecutive offsets', async () => {
    const large = join(root, 'large.bin')
    const bytes = randomBytes(34 * 1024 * 1024)
    await writeFile(large, bytes)
    const run = await runCli(['upload', large, '--node', node.origin], { cwd: root, env: env() })
    assert.equal(run.code, 0, run.stderr)
    const offsets = node.log.filter((line) => line.startsWith('PUT')).map((line) => Number(/offset=(\d+)$/.exec(line)?.[1]))
    assert.deepEqual(offsets, [0, 16 * 1024 * 1024, 32 * 1024 * 1024])
    const { cid, key } = parseShareLink(run.stdout.trim())
    const decryptor = new FileDecryptor(backend, key)
    const stored = node.files.get(cid)?.ciphertext ?? Buffer.alloc(0)
    assert.equal(Buffer.compare(Buffer.from(concat([...decryptor.update(stored), ...decryptor.final()])), bytes), 0)
  })

  it('names the file --name, cleaned like the format cleans names', async () => {
    const { link } = await uploadAndCheck(['--name', '../secret/report.pdf'])
    assert.deepEqual(node.files.get(parseShareLink(link).cid)?.record.metadata, { name: 'report.pdf', type: 'application/pdf', size: plaintext.byteLength })
  })

  it('reads the owner key from --key-file', async () => {
    const keyFile = join(root, 'owner.key')
    await writeFile(keyFile, `${ownerKey}\n`, { mode: 0o600 })
    const run = await runCli(['upload', source, '--node', node.origin, '--key-file', keyFile], { cwd: root })
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^http:\/\/127\.0\.0\.1:\d+\/f\/b[a-z2-7]+#k=[A-Za-z0-9_-]{43}\n$/)
  })

  it('resumes from the node\'s offset when a request breaks off part-way', async () => {
    node.faults.breakPutAfter = 1024 * 1024 + 5
    await uploadAndCheck()
    const puts = node.log.filter((line) => line.startsWith('PUT'))
    assert.equal(puts.length, 2)
    assert.match(puts[0] ?? '', /\?offset=0$/)
    assert.match(puts[1] ?? '', /\?offset=1048581$/)
    assert.ok(node.log.some((line) => /^GET \/api\/uploads\/[0-9a-f]+$/.test(line)), 'asked the node for its offset')
  })

  it('waits out a node that answers 503 for a while', async () => {
    node.faults.unavailable = 3
    const { stderr } = await uploadAndCheck()
    assert.equal(stderr.match(/UnavailableError\); retrying in/g)?.length, 3)
  })

  it('signs in again when the node forgot the session', async () => {
    node.faults.forgetSessionsOnPut = true
    const { stderr } = await uploadAndCheck()
    assert.match(stderr, /the node forgot the session \(it restarted\?\); signing in again/)
    assert.equal(node.log.filter((line) => line === 'POST /api/auth/login').length, 2)
  })

  it('gives up on a final refusal, frees the upload on the node and exits 1', async () => {
    node.faults.refusePut = true
    try {
      const before = node.uploads.size
      const run = await runCli(['upload', source, '--node', node.origin], { cwd: root, env: env() })
      assert.equal(run.code, 1)
      assert.match(run.stderr, /^pc2: refused by the node: PUT \/api\/uploads\/\w+\?offset=0: .*\(InvalidUploadError\)$/m)
      assert.equal(run.stdout, '')
      assert.equal(node.uploads.size, before, 'the session was deleted')
      assert.ok(node.log.some((line) => line.startsWith('DELETE /api/uploads/')))
    } finally {
      node.faults.refusePut = false
    }
  })

  it('stops cleanly on SIGINT: frees the upload on the node and exits 130', async () => {
    node.faults.stallPut = true
    try {
      const running = startCli(['upload', source, '--node', node.origin], { cwd: root, env: env() })
      while (!node.log.some((line) => line.startsWith('PUT'))) await sleep(20)
      running.kill('SIGINT')
      const run = await running.done
      assert.equal(run.code, 130)
      assert.match(run.stderr, /^pc2: interrupted$/m)
      assert.ok(node.log.some((line) => line.startsWith('DELETE /api/uploads/')))
    } finally {
      node.faults.stallPut = false
    }
  })

  it('refuses to sign in with a key that is not the owner\'s', async () => {
    const run = await runCli(['upload', source, '--node', node.origin], { cwd: root, env: { PC2_OWNER_KEY: generatePrivateKey() } })
    assert.equal(run.code, 1)
    assert.match(run.stderr, /^pc2: refused by the node: signing in to http:\/\/127\.0\.0\.1:\d+ as 0x[0-9a-fA-F]{40}: .*\(NotOwnerError\)$/m)
  })

  it('needs an owner key, and never echoes a malformed one', async () => {
    const none = await runCli(['upload', source, '--node', node.origin], { cwd: root })
    assert.equal(none.code, 1)
    assert.match(none.stderr, /^pc2: owner key: uploading needs the node owner's key/m)
    const almost = `${ownerKey.slice(0, -1)}`
    const bad = await runCli(['upload', source, '--node', node.origin], { cwd: root, env: { PC2_OWNER_KEY: almost } })
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /^pc2: owner key: PC2_OWNER_KEY does not hold a private key/m)
    assert.ok(!bad.stderr.includes(almost.slice(2, 20)))
  })

  it('reports a file it cannot read before contacting the node', async () => {
    const run = await runCli(['upload', join(root, 'missing.txt'), '--node', node.origin], { cwd: root, env: env() })
    assert.equal(run.code, 1)
    assert.match(run.stderr, /^pc2: cannot upload: cannot read .*missing\.txt: ENOENT$/m)
    assert.deepEqual(node.log, [])
  })

  it('exits 2 on bad usage', async () => {
    for (const args of [['upload'], ['upload', source, 'extra'], ['upload', source, '--nodes', 'x'], ['upload', source, '--node', 'ftp://x']]) {
      const run = await runCli(args, { cwd: root, env: env() })
      assert.equal(run.code, 2, args.join(' '))
      assert.match(run.stderr, /^pc2: /)
    }
  })
})
