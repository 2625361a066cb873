import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { resumableUpload } from '../../src/client/resumable-upload.ts'
import type { ResumableUploadOptions, UploadProgress } from '../../src/client/resumable-upload.ts'
import { defaultRetryPolicy } from '../../src/client/retry-policy.ts'
import { MemoryUploadNode, piecesOf, randomBytes, testClock } from './fixtures/memory-upload-node.ts'
import type { NodeRefusal } from './fixtures/memory-upload-node.ts'

const record = { key: 'k'.repeat(43), metadata: { name: 'a.bin', type: 'application/octet-stream', size: 1 } }
const requestBytes = 256 * 1024

function upload (node: MemoryUploadNode, bytes: Uint8Array, extra: Partial<ResumableUploadOptions> = {}) {
  const clock = testClock()
  const progress: UploadProgress[] = []
  const done = resumableUpload({
    transport: node,
    source: piecesOf(bytes),
    size: bytes.byteLength,
    record,
    requestBytes,
    now: clock.now,
    wait: clock.wait,
    onProgress: (update) => { progress.push(update) },
    ...extra
  })
  return { done, progress, clock }
}

const reconnects = (progress: UploadProgress[]): UploadProgress[] => progress.filter((update) => update.phase === 'reconnecting')

describe('resumable upload', () => {
  it('writes windows of the set size at consecutive offsets and completes, never waiting', async () => {
    const node = new MemoryUploadNode()
    const bytes = randomBytes(requestBytes * 3 + 1234)
    const { done, progress, clock } = upload(node, bytes)
    assert.deepEqual(await done, { cid: 'bafyu1', size: bytes.byteLength, name: 'a.bin' })
    assert.deepEqual(node.session().bytes, bytes)
    assert.deepEqual(node.session().record, record)
    assert.deepEqual(node.writeOffsets(), [0, requestBytes, requestBytes * 2, requestBytes * 3])
    assert.deepEqual(clock.pauses, [])
    assert.deepEqual(progress.at(-1), { phase: 'completing', sentBytes: bytes.byteLength, acknowledgedBytes: bytes.byteLength, totalBytes: bytes.byteLength })
    let last = 0
    for (const update of progress) {
      assert.ok(update.sentBytes <= bytes.byteLength)
      assert.ok(update.acknowledgedBytes >= last, 'acknowledged bytes only grow')
      last = update.acknowledgedBytes
    }
  })

  it('after a write that broke off, resumes at exactly the offset the node acknowledged', async () => {
    const node = new MemoryUploadNode()
    node.writeFaults.push({ kind: 'break', keepBytes: 100_000 })
    const bytes = randomBytes(requestBytes * 2 + 10)
    const { done, progress, clock } = upload(node, bytes)
    await done
    assert.deepEqual(node.session().bytes, bytes)
    assert.deepEqual(node.calls.slice(0, 4), [`create ${bytes.byteLength}`, `write 0+${requestBytes}`, 'status u1', `write 100000+${requestBytes - 100_000}`])
    assert.deepEqual(clock.pauses, [defaultRetryPolicy.firstDelayMs])
    const [reconnect] = reconnects(progress)
    assert.equal((reconnect?.lastError as Error).name, 'NoAnswer')
    assert.equal(reconnect?.attempt, 1)
    assert.equal(reconnect?.retryInMs, defaultRetryPolicy.firstDelayMs)
    assert.equal(reconnect?.acknowledgedBytes, 0, 'what the node holds is known only once it is asked')
  })

  it('sends nothing twice when only the reply was lost', async () => {
    const node = new MemoryUploadNode()
    node.writeFaults.push({ kind: 'lose-reply' })
    const bytes = randomBytes(requestBytes * 2)
    await upload(node, bytes).done
    assert.deepEqual(node.session().bytes, bytes)
    assert.deepEqual(node.writeOffsets(), [0, requestBytes])
  })

  it('answers a 409 that names another offset by resuming from the offset the node holds', async () => {
    const node = new MemoryUploadNode()
    // The first write lands only after the client asked where the node stands, so the client
    // sends the window again at 0 and the node answers 409 with the offset it holds now.
    node.writeFaults.push({ kind: 'land-late' })
    const bytes = randomBytes(requestBytes * 2 + 5)
    const { done, progress } = upload(node, bytes)
    await done
    assert.deepEqual(node.session().bytes, bytes)
    assert.deepEqual(node.writeOffsets(), [0, 0, requestBytes, requestBytes * 2])
    const mismatch = reconnects(progress).map((update) => update.lastError as NodeRefusal).find((error) => error.name === 'UploadOffsetMismatchError')
    assert.equal(mismatch?.details?.offset, requestBytes)
  })

  it('waits out a node that restarts mid-upload, backing off, and resumes where its disk stands', async () => {
    const node = new MemoryUploadNode()
    node.writeFaults.push({ kind: 'restart', keepBytes: 50_000, downCalls: 6 })
    const bytes = randomBytes(requestBytes + 99)
    const { done, clock } = upload(node, bytes)
    await done
    assert.deepEqual(node.session().bytes, bytes)
    assert.deepEqual(node.writeOffsets(), [0, 50_000, requestBytes])
    assert.deepEqual(clock.pauses, [250, 500, 1000, 2000, 4000, 5000, 5000])
    assert.equal(node.calls.filter((call) => call === 'status u1').length, 7)
  })

  it('stops at a full node (507) with the node\'s error, before sending anything and without retrying', async () => {
    const node = new MemoryUploadNode()
    node.freeBytes = 10
    const { done, clock } = upload(node, randomBytes(5000))
    await assert.rejects(done, (error: NodeRefusal) => error.name === 'QuotaExceededError' && error.status === 507 && error.details?.freeBytes === 10)
    assert.deepEqual(node.calls, ['create 5000'])
    assert.deepEqual(clock.pauses, [])
  })

  it('stops at a 507 in the middle of the upload at once, and frees the session', async () => {
    const node = new MemoryUploadNode()
    const bytes = randomBytes(requestBytes * 3)
    const put = node.write.bind(node)
    let writes = 0
    node.write = async (id, offset, body, options) => {
      if (++writes === 2) node.writeFaults.push({ kind: 'refuse', status: 507, name: 'QuotaExceededError' })
      return await put(id, offset, body, options)
    }
    const { done, clock } = upload(node, bytes)
    await assert.rejects(done, { name: 'QuotaExceededError' })
    assert.equal(writes, 2)
    assert.deepEqual(clock.pauses, [])
    assert.equal(node.session().aborted, true)
  })

  it('gives up only after both the set time and the set number of failures without progress', async () => {
    const node = new MemoryUploadNode()
    for (let index = 0; index < 100; index++) node.writeFaults.push({ kind: 'no-answer' })
    const { done, clock } = upload(node, randomBytes(5000))
    await assert.rejects(done, { name: 'NoAnswer' })
    // 250 ms doubling to 5 s: the 35th failure is the first at or past 150 s.
    assert.equal(node.writeOffsets().length, 35)
    assert.equal(clock.pauses.length, 34)
    assert.ok(clock.now() >= defaultRetryPolicy.giveUpAfterMs)
    assert.equal(node.session().aborted, true)
  })

  it('still tries the set number of times when its clock jumped (a laptop that slept)', async () => {
    const node = new MemoryUploadNode()
    for (let index = 0; index < 100; index++) node.writeFaults.push({ kind: 'no-answer' })
    const clock = testClock()
    const sleepy = async (ms: number): Promise<void> => { await clock.wait(ms === defaultRetryPolicy.firstDelayMs ? 3_600_000 : ms) }
    await assert.rejects(upload(node, randomBytes(5000), { now: clock.now, wait: sleepy }).done, { name: 'NoAnswer' })
    assert.equal(node.writeOffsets().length, defaultRetryPolicy.maxAttempts)
  })

  it('counts failures only since the last progress', async () => {
    const node = new MemoryUploadNode()
    for (let index = 0; index < 10; index++) node.writeFaults.push({ kind: 'break', keepBytes: 1000 })
    const bytes = randomBytes(20_000)
    const retry = { firstDelayMs: 1, maxDelayMs: 1, maxAttempts: 2, giveUpAfterMs: 0 }
    await upload(node, bytes, { retry }).done
    assert.deepEqual(node.session().bytes, bytes)
    assert.deepEqual(node.writeOffsets(), [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000])

    const stuck = new MemoryUploadNode()
    stuck.writeFaults.push({ kind: 'no-answer' }, { kind: 'no-answer' })
    await assert.rejects(upload(stuck, bytes, { retry }).done, { name: 'NoAnswer' })
  })

  it('waits as long as a Retry-After asks', async () => {
    const node = new MemoryUploadNode()
    node.writeFaults.push({ kind: 'refuse', status: 429, name: 'TooManyRequestsError', retryAfterSeconds: 12 })
    const { done, clock } = upload(node, randomBytes(1000))
    await done
    assert.deepEqual(clock.pauses, [12_000])
  })

  it('ends at a lost session (signing in again is the transport\'s business), and frees the session', async () => {
    const node = new MemoryUploadNode()
    node.writeFaults.push({ kind: 'forget-session' })
    await assert.rejects(upload(node, randomBytes(5000)).done, { name: 'UnauthenticatedError' })
    assert.equal(node.writeOffsets().length, 1)
    assert.equal(node.session().aborted, true)
  })

  it('asks again when the completing call got no answer', async () => {
    const node = new MemoryUploadNode()
    node.completeFaults.push({ kind: 'no-answer' })
    assert.equal((await upload(node, randomBytes(1000)).done).cid, 'bafyu1')
    assert.equal(node.calls.filter((call) => call.startsWith('complete')).length, 2)
  })

  it('refuses to go on when the node holds bytes this upload no longer has', async () => {
    const node = new MemoryUploadNode()
    const status = node.status.bind(node)
    const put = node.write.bind(node)
    let writes = 0
    node.write = async (id, offset, body, options) => {
      if (++writes === 2) node.writeFaults.push({ kind: 'no-answer' })
      return await put(id, offset, body, options)
    }
    node.status = async (id) => ({ ...(await status(id)), offset: 0 })
    await assert.rejects(upload(node, randomBytes(requestBytes * 2)).done, { name: 'UploadResumeError' })
    assert.equal(node.session().aborted, true)
  })

  it('stops when aborted while it waits, and frees the session', async () => {
    const node = new MemoryUploadNode()
    node.writeFaults.push({ kind: 'no-answer' })
    const controller = new AbortController()
    const { done } = upload(node, randomBytes(5000), {
      signal: controller.signal,
      onProgress: (update) => { if (update.phase === 'reconnecting') controller.abort(new DOMException('stop', 'AbortError')) }
    })
    await assert.rejects(done, { name: 'AbortError' })
    assert.equal(node.session().aborted, true)
  })

  it('stops when aborted during a write, without retrying', async () => {
    const node = new MemoryUploadNode()
    node.writeFaults.push({ kind: 'hang' })
    const controller = new AbortController()
    const { done, clock } = upload(node, randomBytes(requestBytes * 3), {
      signal: controller.signal,
      onProgress: (update) => { if (update.phase === 'uploading') setImmediate(() => { controller.abort(new DOMException('stop', 'AbortError')) }) }
    })
    await assert.rejects(done, { name: 'AbortError' })
    assert.deepEqual(node.writeOffsets(), [0])
    assert.deepEqual(clock.pauses, [])
    assert.equal(node.session().aborted, true)
  })

  it('reports a source shorter or longer than announced', async () => {
    const bytes = randomBytes(5000)
    for (const size of [6000, 4000]) {
      const node = new MemoryUploadNode()
      await assert.rejects(resumableUpload({ transport: node, source: piecesOf(bytes), size, record, wait: testClock().wait }), { name: 'UploadSourceError' })
      assert.equal(node.session().aborted, true)
    }
  })
})
