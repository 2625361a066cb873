// pc2 upload and pc2 download end to end on a real host stack (pc2-vault, pc2-ipfs and
// pc2-admin from source, @pc2/test-support/stack): a round trip, a wrong key, a truncated
// file, bad links, --force, and an upload that survives pc2-ipfs being killed under it.

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { concat, encodeFileKey, FileEncryptor, formatShareLink, generateFileKey, parseShareLink } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { claimStack, ownerHeaders, startStack } from '@pc2/test-support/stack'
import type { Stack, StackOwner } from '@pc2/test-support/stack'
import { runCli, startCli } from './fixtures/run-cli.ts'

const ipfsMain = fileURLToPath(new URL('../../ipfs/src/main.ts', import.meta.url))

describe('pc2 on a host stack', { timeout: 600_000, skip: existsSync(ipfsMain) ? false : 'pc2-ipfs (services/ipfs/src/main.ts) does not exist yet' }, () => {
  let stack: Stack
  let owner: StackOwner
  let root = ''
  const env = (): Record<string, string> => ({ PC2_OWNER_KEY: owner.privateKey })
  const newDir = async (): Promise<string> => await mkdtemp(join(root, 'dir-'))
  const upload = async (file: string): Promise<string> => {
    const run = await runCli(['upload', file, '--node', stack.origin], { cwd: root, env: env() })
    assert.equal(run.code, 0, `${run.stderr}\n${stack.output('admin')}`)
    return run.stdout.trim()
  }

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-cli-stack-'))
    stack = await startStack({ quotaBytes: 1024 * 1024 * 1024 })
    owner = await claimStack(stack)
  })
  after(async () => {
    await stack?.stop()
    await rm(root, { recursive: true, force: true })
  })

  it('uploads a file and downloads it back, byte for byte', async () => {
    const plaintext = randomBytes(4 * 1024 * 1024 + 321)
    const source = join(root, 'film.mp4')
    await writeFile(source, plaintext)
    const link = await upload(source)
    assert.equal(parseShareLink(link).origin, stack.origin)
    const out = await newDir()
    const run = await runCli(['download', link], { cwd: out })
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(await readdir(out), ['film.mp4'])
    assert.equal(Buffer.compare(await readFile(join(out, 'film.mp4')), plaintext), 0)
  })

  it('refuses a wrong key, a truncated file and bad links, writing nothing', async () => {
    const source = join(root, 'letter.txt')
    await writeFile(source, randomBytes(300_000))
    const link = await upload(source)
    const { cid } = parseShareLink(link)
    const out = await newDir()

    const wrongKey = await runCli(['download', formatShareLink(stack.origin, cid, randomBytes(32))], { cwd: out })
    assert.equal(wrongKey.code, 1)
    assert.match(wrongKey.stderr, /^pc2: wrong key: /m)

    // A complete upload whose ciphertext stops short of its final frame.
    const backend = await loadFastestBackend()
    const key = generateFileKey(backend)
    const metadata = { name: 'cut.bin', type: 'application/octet-stream', size: 200_000 }
    const encryptor = new FileEncryptor(backend, key, metadata)
    const ciphertext = concat([...encryptor.update(randomBytes(metadata.size)), ...encryptor.final()]).subarray(0, 150_000)
    const headers = ownerHeaders(owner, stack.origin)
    const created = await (await fetch(`${stack.origin}/api/uploads`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ size: ciphertext.byteLength }) })).json() as { id: string }
    assert.equal((await fetch(`${stack.origin}/api/uploads/${created.id}?offset=0`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: ciphertext })).status, 200)
    const completed = await fetch(`${stack.origin}/api/uploads/${created.id}/complete`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ key: encodeFileKey(key), metadata }) })
    assert.equal(completed.status, 201, await completed.clone().text())
    const truncatedCid = (await completed.json() as { cid: string }).cid
    const truncated = await runCli(['download', formatShareLink(stack.origin, truncatedCid, key)], { cwd: out })
    assert.equal(truncated.code, 1)
    assert.match(truncated.stderr, /^pc2: truncated: the file ended after 150000 of \d+ bytes/m)

    const badCid = await runCli(['download', `${stack.origin}/f/notacid#k=${encodeFileKey(key)}`], { cwd: out })
    assert.equal(badCid.code, 2)
    assert.match(badCid.stderr, /^pc2: malformed link: /m)
    const noKey = await runCli(['download', `${stack.origin}/f/${cid}`], { cwd: out })
    assert.equal(noKey.code, 2)
    assert.match(noKey.stderr, /^pc2: malformed link: the link has no key/m)

    assert.deepEqual(await readdir(out), [])
  })

  it('replaces an existing file only with --force', async () => {
    const source = join(root, 'draft.txt')
    const plaintext = randomBytes(70_000)
    await writeFile(source, plaintext)
    const link = await upload(source)
    const out = await newDir()
    await writeFile(join(out, 'draft.txt'), 'mine')
    const refused = await runCli(['download', link], { cwd: out })
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /^pc2: file exists: /m)
    assert.equal(await readFile(join(out, 'draft.txt'), 'utf8'), 'mine')
    const forced = await runCli(['download', link, '--force'], { cwd: out })
    assert.equal(forced.code, 0, forced.stderr)
    assert.equal(Buffer.compare(await readFile(join(out, 'draft.txt')), plaintext), 0)
    assert.deepEqual(await readdir(out), ['draft.txt'])
  })

  it('resumes an upload across a SIGKILL and restart of pc2-ipfs', async () => {
    const plaintext = randomBytes(96 * 1024 * 1024)
    const source = join(root, 'big.bin')
    await writeFile(source, plaintext)
    const running = startCli(['upload', source, '--node', stack.origin], { cwd: root, env: env() })
    const headers = ownerHeaders(owner, stack.origin)
    // Kill pc2-ipfs once part of the file is stored, well before the end.
    for (;;) {
      const storage = await (await fetch(`${stack.origin}/api/storage`, { headers })).json() as { usedBytes: number }
      if (storage.usedBytes >= 8 * 1024 * 1024) break
      await sleep(20)
    }
    await stack.kill('ipfs', 'SIGKILL')
    await running.waitForStderr(/retrying in/)
    await stack.restart('ipfs')
    const run = await running.done
    assert.equal(run.code, 0, `${run.stderr}\n${stack.output('ipfs')}`)
    assert.match(run.stderr, /UnavailableError|cannot reach/)
    const out = await newDir()
    const download = await runCli(['download', run.stdout.trim()], { cwd: out })
    assert.equal(download.code, 0, download.stderr)
    assert.equal(Buffer.compare(await readFile(join(out, 'big.bin')), plaintext), 0)
  })
})
