// Encrypted files on the booted image: the `pc2` CLI uploads a file to the node, a second
// upload is cut off by a power cut halfway, and after the node comes back the first file
// downloads byte for byte from its share link and the second resumes from exactly what the
// node had acknowledged.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { FileDecryptor, FileEncryptor, concat, encodeFileKey } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { builtImage, flashedDisk } from '@pc2/test-support/images'
import { claimNode, logIn, type OwnerSession } from '@pc2/test-support/owner'
import { VM, waitUntilReady } from '@pc2/test-support/qemu'

const run = promisify(execFile)
const cli = join(import.meta.dirname, '..', 'services', 'cli', 'src', 'main.ts')
const image = builtImage()

describe('encrypted files on the image', { timeout: 30 * 60_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-files-test-'))
  const disk = join(directory, 'disk.qcow2')
  const privateKey = generatePrivateKey()
  const owner = privateKeyToAccount(privateKey)
  let vm: VM
  let session: OwnerSession
  let origin: string

  const ownerFetch = async (path: string, init: { method?: string, json?: unknown, bytes?: Uint8Array<ArrayBuffer> } = {}): Promise<Response> =>
    await fetch(`${origin}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
        origin,
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(init.bytes === undefined ? {} : { 'content-type': 'application/octet-stream' })
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      ...(init.bytes === undefined ? {} : { body: init.bytes })
    })

  before(async () => {
    flashedDisk(image, disk, '3G')
    vm = await VM.boot({ disk, snapshot: false })
    await waitUntilReady(vm)
    origin = `http://127.0.0.1:${vm.httpPort}`
    session = await claimNode(vm, owner)
  })

  after(async () => {
    await vm?.dispose()
    rmSync(directory, { recursive: true, force: true })
  })

  it('runs pc2-vault and pc2-ipfs, sandboxed, with nothing failed', async () => {
    const status = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.deepEqual(status.system.failedUnits, [])
    for (const name of ['pc2-vault.service', 'pc2-ipfs.service']) {
      const unit = status.units.find((candidate: any) => candidate.name === name)
      assert.equal(unit?.active, 'active', `${name}: ${JSON.stringify(unit)}`)
    }
  })

  const original = new Uint8Array(randomBytes(12 * 1024 * 1024 + 4321))
  const originalPath = join(directory, 'report 2026.pdf')
  let link = ''
  const halfDone: { id: string, acknowledged: number, key: Uint8Array, ciphertext: Uint8Array<ArrayBuffer>, plaintext: Uint8Array } = { id: '', acknowledged: 0, key: new Uint8Array(), ciphertext: new Uint8Array(), plaintext: new Uint8Array(randomBytes(3 * 1024 * 1024 + 99)) }

  it('takes an upload from the pc2 CLI and hands back a share link', async () => {
    writeFileSync(originalPath, original)
    const { stdout } = await run(process.execPath, [cli, 'upload', originalPath, '--node', origin], {
      env: { ...process.env, PC2_OWNER_KEY: privateKey },
      timeout: 10 * 60_000
    })
    link = stdout.trim()
    assert.match(link, new RegExp(`^${origin}/f/b[a-z2-7]+#k=[A-Za-z0-9_-]{43}$`))
  })

  it('acknowledges half of a second upload, then loses power', async () => {
    const backend = await loadFastestBackend()
    halfDone.key = backend.randomBytes(32)
    const encryptor = new FileEncryptor(backend, halfDone.key, { name: 'half.bin', type: 'application/octet-stream', size: halfDone.plaintext.byteLength })
    halfDone.ciphertext = concat([...encryptor.update(halfDone.plaintext), ...encryptor.final()])
    const created = await ownerFetch('/api/uploads', { method: 'POST', json: { size: halfDone.ciphertext.byteLength } })
    assert.equal(created.status, 201)
    halfDone.id = ((await created.json()) as { id: string }).id
    halfDone.acknowledged = 2 * 1024 * 1024 + 100
    const put = await ownerFetch(`/api/uploads/${halfDone.id}?offset=0`, { method: 'PUT', bytes: halfDone.ciphertext.subarray(0, halfDone.acknowledged) })
    assert.equal(put.status, 200)
    assert.deepEqual(await put.json(), { offset: halfDone.acknowledged })
    vm = await vm.powerCut()
    await waitUntilReady(vm)
    session = await logIn(vm, owner)
  })

  it('resumes the cut-off upload from what it acknowledged', async () => {
    const state = await (await ownerFetch(`/api/uploads/${halfDone.id}`)).json() as { offset: number }
    assert.equal(state.offset, halfDone.acknowledged)
    const rest = await ownerFetch(`/api/uploads/${halfDone.id}?offset=${state.offset}`, { method: 'PUT', bytes: halfDone.ciphertext.subarray(state.offset) })
    assert.equal(rest.status, 200)
    const done = await ownerFetch(`/api/uploads/${halfDone.id}/complete`, { method: 'POST', json: { key: encodeFileKey(halfDone.key), metadata: { name: 'half.bin', type: 'application/octet-stream', size: halfDone.plaintext.byteLength } } })
    assert.equal(done.status, 201, await done.clone().text())
    const { cid } = await done.json() as { cid: string }
    const served = new Uint8Array(await (await fetch(`${origin}/ipfs/${cid}`)).arrayBuffer())
    const decryptor = new FileDecryptor(await loadFastestBackend(), halfDone.key)
    assert.deepEqual(concat([...decryptor.update(served), ...decryptor.final()]), halfDone.plaintext)
  })

  it('serves the first file after the power cut: the share link downloads the same bytes and name', async () => {
    const downloads = join(directory, 'downloads')
    mkdirSync(downloads)
    await run(process.execPath, [cli, 'download', link, '--output', `${downloads}/`], { timeout: 10 * 60_000 })
    assert.deepEqual(new Uint8Array(readFileSync(join(downloads, 'report 2026.pdf'))), original)
    const files = await (await ownerFetch('/api/files')).json() as { files: Array<{ name: string }> }
    assert.deepEqual(files.files.map((file) => file.name).sort(), ['half.bin', 'report 2026.pdf'])
  })
})
