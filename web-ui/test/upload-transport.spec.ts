// The browser's upload: @pc2/core's resumable upload over a node that fails the way the
// browser sees failures (ApiError), described by the browser's transport.

import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resumableUpload } from '@pc2/core/client/resumable-upload'
import type { ResumableUploadOptions, UploadProgress } from '@pc2/core/client/resumable-upload'
import { isRetryableFailure, retryDelayMs } from '@pc2/core/client/retry-policy'
import { ApiError } from '../src/lib/api.ts'
import { describeUploadFailure } from '../src/lib/upload-transport.ts'
import { FakeUploadNode, noWait, randomBytes, streamOf } from './helpers/fake-upload-node.ts'

/** Whether the upload tries again after this error of the browser's. */
const isRetryableUploadError = (error: unknown): boolean => isRetryableFailure(describeUploadFailure(error))

const record = { key: 'k'.repeat(43), metadata: { name: 'a.bin', type: 'application/octet-stream', size: 1 } }
const requestBytes = 256 * 1024

function upload (node: FakeUploadNode, bytes: Uint8Array, extra: Partial<ResumableUploadOptions> = {}) {
  const progress: UploadProgress[] = []
  const done = resumableUpload({
    transport: node,
    source: streamOf(bytes),
    size: bytes.byteLength,
    record,
    requestBytes,
    wait: noWait,
    onProgress: (update) => { progress.push(update) },
    ...extra
  })
  return { done, progress }
}

describe('resumable upload', () => {
  it('sends the stream in requests of the set size and completes', async () => {
    const node = new FakeUploadNode()
    const bytes = randomBytes(requestBytes * 3 + 1234)
    const { done, progress } = upload(node, bytes)
    assert.deepEqual(await done, { cid: 'bafyu1', size: bytes.byteLength, name: 'a.bin' })
    assert.deepEqual(node.session().bytes, bytes)
    assert.deepEqual(node.session().record, record)
    assert.deepEqual(node.calls.filter((call) => call.startsWith('put')), [
      `put 0+${requestBytes}`, `put ${requestBytes}+${requestBytes}`, `put ${requestBytes * 2}+${requestBytes}`, `put ${requestBytes * 3}+1234`
    ])
    assert.equal(progress.at(-1)?.phase, 'completing')
    assert.equal(progress.at(-1)?.acknowledgedBytes, bytes.byteLength)
    // Never reports going past the end, and acknowledged bytes only grow.
    let last = 0
    for (const update of progress) {
      assert.ok(update.sentBytes <= bytes.byteLength)
      assert.ok(update.acknowledgedBytes >= last)
      last = update.acknowledgedBytes
    }
  })

  it('a request dropped halfway resumes from the offset the node reports, resending only the rest', async () => {
    const node = new FakeUploadNode()
    node.faults.put.push({ kind: 'drop', keepBytes: 100_000 })
    const bytes = randomBytes(requestBytes * 2 + 10)
    const { done, progress } = upload(node, bytes)
    await done
    assert.deepEqual(node.session().bytes, bytes)
    assert.deepEqual(node.calls.slice(0, 4), [`create ${String(bytes.byteLength)}`, `put 0+${requestBytes}`, 'status u1', `put 100000+${requestBytes - 100_000}`])
    const reconnecting = progress.filter((update) => update.phase === 'reconnecting')
    assert.equal(reconnecting.length, 1)
    assert.equal((reconnecting[0]?.lastError as Error).name, 'NetworkError')
    assert.equal(reconnecting[0]?.attempt, 1)
  })

  it('survives 5xx answers and a node that stays away for a while', async () => {
    const node = new FakeUploadNode()
    node.faults.put.push({ kind: 'status', status: 503, name: 'UnavailableError' }, { kind: 'unreachable' })
    node.faults.status.push({ kind: 'unreachable' }, { kind: 'unreachable' })
    const bytes = randomBytes(requestBytes + 99)
    const { done } = upload(node, bytes)
    await done
    assert.deepEqual(node.session().bytes, bytes)

  })

  it('answers a 409 offset mismatch by asking the node and continuing from its offset', async () => {
    const node = new FakeUploadNode()
    const bytes = randomBytes(requestBytes)
    const original = node.write.bind(node)
    let calls = 0
    node.write = async (id, offset, body, options) => {
      calls++
      // The first attempt claims a wrong offset, as after a confused retry.
      if (calls === 1) return await original(id, offset + 1, body, options)
      return await original(id, offset, body, options)
    }
    await upload(node, bytes).done
    assert.deepEqual(node.session().bytes, bytes)
    assert.ok(node.calls.includes('status u1'))
  })

  it('retries the completing call, which the node answers the same way twice', async () => {
    const node = new FakeUploadNode()
    node.faults.complete.push({ kind: 'unreachable' })
    const bytes = randomBytes(1000)
    assert.equal((await upload(node, bytes).done).cid, 'bafyu1')
    assert.equal(node.calls.filter((call) => call.startsWith('complete')).length, 2)
  })

  it('does not retry what waiting cannot fix, and discards the session', async () => {
    const node = new FakeUploadNode()
    node.faults.put.push({ kind: 'status', status: 401, name: 'UnauthenticatedError' })
    await assert.rejects(upload(node, randomBytes(5000)).done, { name: 'UnauthenticatedError' })
    assert.equal(node.session().discarded, true)
    assert.equal(node.calls.filter((call) => call.startsWith('put')).length, 1)
  })

  it('reports a full node before sending anything', async () => {
    const node = new FakeUploadNode()
    node.quotaFreeBytes = 10
    await assert.rejects(upload(node, randomBytes(5000)).done, (error: ApiError) => error.name === 'QuotaExceededError' && error.details?.freeBytes === 10)
    assert.deepEqual(node.calls, ['create 5000'])
  })

  it('gives up after the set number of consecutive failures', async () => {
    const node = new FakeUploadNode()
    for (let index = 0; index < 10; index++) node.faults.put.push({ kind: 'unreachable' })
    const { done, progress } = upload(node, randomBytes(5000), { retry: { firstDelayMs: 1, maxDelayMs: 1, maxAttempts: 3, giveUpAfterMs: 0 } })
    await assert.rejects(done, { name: 'NetworkError' })
    assert.deepEqual(progress.filter((update) => update.phase === 'reconnecting').map((update) => update.attempt), [1, 2])
    assert.equal(node.session().discarded, true)
  })

  it('refuses to continue when the node holds bytes the browser no longer has', async () => {
    const node = new FakeUploadNode()
    const status = node.status.bind(node)
    // The first request goes through; the second fails and the node then claims offset 0.
    const put = node.write.bind(node)
    let puts = 0
    node.write = async (id, offset, body, options) => {
      if (++puts === 2) throw new ApiError({ name: 'NetworkError', message: 'gone', status: 0 })
      return await put(id, offset, body, options)
    }
    node.status = async (id) => ({ ...(await status(id)), offset: 0 })
    const bytes = randomBytes(requestBytes * 2)
    await assert.rejects(upload(node, bytes).done, { name: 'UploadResumeError' })
  })

  it('says so when the stream is shorter or longer than announced', async () => {
    const bytes = randomBytes(5000)
    await assert.rejects(resumableUpload({ transport: new FakeUploadNode(), source: streamOf(bytes), size: 6000, record, wait: noWait }), { name: 'UploadSourceError' })
    await assert.rejects(resumableUpload({ transport: new FakeUploadNode(), source: streamOf(bytes), size: 4000, record, wait: noWait }), { name: 'UploadSourceError' })
  })

  it('stops when cancelled, waiting or not', async () => {
    const node = new FakeUploadNode()
    const controller = new AbortController()
    for (let index = 0; index < 5; index++) node.faults.put.push({ kind: 'unreachable' })
    const done = resumableUpload({
      transport: node,
      source: streamOf(randomBytes(5000)),
      size: 5000,
      record,
      signal: controller.signal,
      onProgress: (update) => { if (update.phase === 'reconnecting') controller.abort(new DOMException('stop', 'AbortError')) }
    })
    await assert.rejects(done, { name: 'AbortError' })
    assert.equal(node.session().discarded, true)
  })
})

describe('retry decisions', () => {
  const error = (name: string, status: number, retryAfterSeconds?: number) => new ApiError({ name, message: name, status, retryAfterSeconds })

  it('retries network trouble, server errors, offset mismatches and rate limits only', () => {
    assert.equal(isRetryableUploadError(error('NetworkError', 0)), true)
    assert.equal(isRetryableUploadError(error('UnavailableError', 503)), true)
    assert.equal(isRetryableUploadError(error('HttpError', 502)), true)
    assert.equal(isRetryableUploadError(error('UploadOffsetMismatchError', 409)), true)
    assert.equal(isRetryableUploadError(error('TooManyRequestsError', 429)), true)
    assert.equal(isRetryableUploadError(error('QuotaExceededError', 507)), false)
    assert.equal(isRetryableUploadError(error('UnauthenticatedError', 401)), false)
    assert.equal(isRetryableUploadError(error('UploadNotFoundError', 404)), false)
    assert.equal(isRetryableUploadError(new TypeError('boom')), false)
  })

  it('backs off exponentially up to a ceiling, and honours Retry-After', () => {
    const policy = { firstDelayMs: 500, maxDelayMs: 15_000, maxAttempts: 10 }
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelayMs(attempt, policy)), [500, 1000, 2000, 4000, 8000, 15_000, 15_000])
    assert.equal(retryDelayMs(1, policy, error('TooManyRequestsError', 429, 30)), 30_000)
  })
})
