// The files API end to end on a real host stack (pc2-vault, pc2-ipfs, pc2-admin from
// source): the owner uploads ciphertext in pieces, the node survives pc2-ipfs being killed
// mid-upload, a share link's ciphertext decrypts to the original bytes, and every refusal
// has its name.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { FileDecryptor, FileEncryptor, ciphertextSize, concat, encodeFileKey } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { claimStack, ownerHeaders, startStack } from '@pc2/test-support/stack'
import type { Stack, StackOwner } from '@pc2/test-support/stack'

const backend = await loadFastestBackend()

function encrypt (plaintext: Uint8Array, name: string): { key: Uint8Array, ciphertext: Uint8Array<ArrayBuffer> } {
  const key = backend.randomBytes(32)
  const encryptor = new FileEncryptor(backend, key, { name, type: 'application/octet-stream', size: plaintext.byteLength })
  return { key, ciphertext: concat([...encryptor.update(plaintext), ...encryptor.final()]) }
}

describe('files API on a host stack', { timeout: 300_000 }, () => {
  let stack: Stack
  let owner: StackOwner
  const quotaBytes = 64 * 1024 * 1024
  const api = async (method: string, path: string, body?: unknown): Promise<Response> =>
    await fetch(`${stack.origin}${path}`, {
      method,
      headers: { ...ownerHeaders(owner, stack.origin), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  const put = async (id: string, offset: number, bytes: Uint8Array<ArrayBuffer>): Promise<Response> =>
    await fetch(`${stack.origin}/api/uploads/${id}?offset=${offset}`, {
      method: 'PUT',
      headers: { ...ownerHeaders(owner, stack.origin), 'content-type': 'application/octet-stream' },
      body: bytes
    })
  const errorName = async (response: Response): Promise<string> => ((await response.json()) as { error: { name: string } }).error.name

  before(async () => {
    stack = await startStack({ quotaBytes })
    owner = await claimStack(stack)
  })
  after(async () => { await stack?.stop() })

  it('stores an upload sent in odd pieces, across a SIGKILL of pc2-ipfs, and serves it back decryptable', async () => {
    const plaintext = new Uint8Array(randomBytes(5 * 1024 * 1024 + 12345))
    const { key, ciphertext } = encrypt(plaintext, 'holiday.mov')
    assert.equal(ciphertext.byteLength, ciphertextSize(plaintext.byteLength))
    const created = await api('POST', '/api/uploads', { size: ciphertext.byteLength })
    assert.equal(created.status, 201)
    const { id } = await created.json() as { id: string }
    const first = 1024 * 1024 + 7
    assert.equal((await put(id, 0, ciphertext.subarray(0, first))).status, 200)
    await stack.kill('ipfs', 'SIGKILL')
    const down = await api('GET', `/api/uploads/${id}`)
    assert.equal(down.status, 503)
    assert.equal(await errorName(down), 'UnavailableError')
    await stack.restart('ipfs')
    const resumed = await (await api('GET', `/api/uploads/${id}`)).json() as { offset: number }
    assert.equal(resumed.offset, first, 'every acknowledged byte survived the kill')
    const stale = await put(id, 0, ciphertext.subarray(0, 10))
    assert.equal(stale.status, 409)
    assert.equal(await errorName(stale), 'UploadOffsetMismatchError')
    assert.equal((await put(id, first, ciphertext.subarray(first))).status, 200)
    const done = await api('POST', `/api/uploads/${id}/complete`, { key: encodeFileKey(key), metadata: { name: 'holiday.mov', type: 'video/quicktime', size: plaintext.byteLength } })
    assert.equal(done.status, 201, await done.clone().text())
    const { cid } = await done.json() as { cid: string }

    const listed = await (await api('GET', '/api/files')).json() as { files: Array<{ cid: string, name: string, size: number }> }
    assert.deepEqual(listed.files.map((file) => [file.cid, file.name, file.size]), [[cid, 'holiday.mov', plaintext.byteLength]])
    const shared = await (await api('GET', `/api/files/${cid}/key`)).json() as { key: string }
    assert.equal(shared.key, encodeFileKey(key))

    // What a stranger with the share link does: no cookie, the public gateway.
    const served = new Uint8Array(await (await fetch(`${stack.origin}/ipfs/${cid}`)).arrayBuffer())
    assert.deepEqual(served, ciphertext)
    const decryptor = new FileDecryptor(backend, key)
    const plain = concat([...decryptor.update(served), ...decryptor.final()])
    assert.deepEqual(plain, plaintext)
    assert.equal(decryptor.metadata?.name, 'holiday.mov')
  })

  it('refuses an upload beyond the quota, naming the free space', async () => {
    const response = await api('POST', '/api/uploads', { size: quotaBytes + 1 })
    assert.equal(response.status, 507)
    const body = await response.json() as { error: { name: string, details: { freeBytes: number } } }
    assert.equal(body.error.name, 'QuotaExceededError')
    assert.ok(body.error.details.freeBytes < quotaBytes)
  })

  it('names malformed input', async () => {
    const badCid = await fetch(`${stack.origin}/ipfs/not-a-cid`)
    assert.equal(badCid.status, 400)
    assert.equal(await errorName(badCid), 'InvalidCidError')
    const badKey = await api('POST', '/api/uploads/abc/complete', { key: 'short', metadata: { name: 'x', type: 'text/plain', size: 1 } })
    assert.equal(badKey.status, 400)
    assert.equal(await errorName(badKey), 'InvalidInputError')
    const unknown = await api('GET', '/api/uploads/nope')
    assert.equal(unknown.status, 404)
    assert.equal(await errorName(unknown), 'UploadNotFoundError')
    const wrongType = await fetch(`${stack.origin}/api/uploads/abc?offset=0`, { method: 'PUT', headers: { ...ownerHeaders(owner, stack.origin), 'content-type': 'text/plain' }, body: 'x' })
    assert.equal(wrongType.status, 400)
  })

  it('keeps uploads and files to the owner', async () => {
    for (const [method, path] of [['POST', '/api/uploads'], ['GET', '/api/files'], ['GET', '/api/storage'], ['GET', '/api/peers']] as const) {
      const response = await fetch(`${stack.origin}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{"size":1}' } : {}) })
      assert.equal(response.status, 401, `${method} ${path}`)
    }
  })

  it('deletes a file: unpinned, key forgotten, blocks freed by GC', async () => {
    const { key, ciphertext } = encrypt(new Uint8Array(randomBytes(300_000)), 'gone.txt')
    const { id } = await (await api('POST', '/api/uploads', { size: ciphertext.byteLength })).json() as { id: string }
    assert.equal((await put(id, 0, ciphertext)).status, 200)
    const { cid } = await (await api('POST', `/api/uploads/${id}/complete`, { key: encodeFileKey(key), metadata: { name: 'gone.txt', type: 'text/plain', size: 300_000 } })).json() as { cid: string }
    const before = await (await api('GET', '/api/storage')).json() as { usedBytes: number }
    assert.equal((await api('DELETE', `/api/files/${cid}`)).status, 204)
    assert.equal((await api('GET', `/api/files/${cid}/key`)).status, 404)
    const collected = await (await api('POST', '/api/storage/gc')).json() as { removedBlocks: number, freedBytes: number }
    assert.ok(collected.removedBlocks >= 1)
    const afterGc = await (await api('GET', '/api/storage')).json() as { usedBytes: number }
    assert.ok(afterGc.usedBytes < before.usedBytes)
    assert.equal((await fetch(`${stack.origin}/ipfs/${cid}`)).status, 404)
    const files = await (await api('GET', '/api/files')).json() as { files: Array<{ cid: string }> }
    assert.ok(!files.files.some((file) => file.cid === cid))
  })

  it('answers 503 naming pc2-vault when it is down, and recovers', async () => {
    await stack.kill('vault', 'SIGKILL')
    const response = await api('GET', '/api/files')
    assert.equal(response.status, 503)
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /pc2-vault/)
    await stack.restart('vault')
    assert.equal((await api('GET', '/api/files')).status, 200)
  })
})
