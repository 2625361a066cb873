import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiError } from '../src/lib/api.ts'
import type { UploadCompleted } from '../src/lib/api-types.ts'
import type { UploadFileOptions } from '../src/lib/upload-file.ts'
import { UploadQueue } from '../src/lib/upload-queue.ts'
import type { UploadEntry } from '../src/lib/upload-queue.ts'

interface Pending {
  file: File
  options: UploadFileOptions
  resolve: (result: UploadCompleted) => void
  reject: (error: unknown) => void
}

function controllableUpload () {
  const pending: Pending[] = []
  const upload = async (file: File, options: UploadFileOptions): Promise<UploadCompleted> => await new Promise((resolve, reject) => {
    pending.push({ file, options, resolve, reject })
    options.signal?.addEventListener('abort', () => { reject(options.signal?.reason) })
  })
  return { pending, upload }
}

const tick = async (): Promise<void> => { await new Promise((resolve) => setImmediate(resolve)) }
const states = (entries: readonly UploadEntry[]): string[] => entries.map((entry) => `${entry.name}:${entry.state}`)

describe('upload queue', () => {
  it('uploads one file at a time, in order, with progress and speed', async () => {
    const { pending, upload } = controllableUpload()
    let now = 0
    const queue = new UploadQueue(upload, () => now)
    const seen: string[][] = []
    queue.subscribe((entries) => { seen.push(states(entries)) })
    queue.add([new File(['aaaa'], 'a'), new File(['bb'], 'b')])
    await tick()
    assert.deepEqual(states(queue.entries), ['a:starting', 'b:queued'])
    assert.equal(pending.length, 1)
    assert.equal(queue.busy, true)

    const first = pending[0]
    first?.options.onProgress?.({ phase: 'uploading', sentBytes: 0, acknowledgedBytes: 0, totalBytes: 4000 })
    now = 1000
    first?.options.onProgress?.({ phase: 'uploading', sentBytes: 2000, acknowledgedBytes: 0, totalBytes: 4000 })
    assert.equal(queue.entries[0]?.sentBytes, 2000)
    assert.equal(queue.entries[0]?.bytesPerSecond, 2000)
    first?.options.onProgress?.({ phase: 'reconnecting', sentBytes: 1000, acknowledgedBytes: 1000, totalBytes: 4000, lastError: new ApiError({ name: 'NetworkError', message: 'x', status: 0 }), attempt: 1 })
    assert.equal(queue.entries[0]?.state, 'reconnecting')
    assert.equal((queue.entries[0]?.error as Error).name, 'NetworkError')
    assert.equal(queue.entries[0]?.bytesPerSecond, undefined)

    first?.resolve({ cid: 'bafy1', size: 4000, name: 'a' })
    await tick()
    assert.deepEqual(states(queue.entries), ['a:done', 'b:starting'])
    assert.equal(queue.entries[0]?.result?.cid, 'bafy1')
    pending[1]?.reject(new ApiError({ name: 'QuotaExceededError', message: 'full', status: 507 }))
    await tick()
    assert.deepEqual(states(queue.entries), ['a:done', 'b:failed'])
    assert.equal(queue.busy, false)
    assert.ok(seen.length > 5)
  })

  it('cancels the running upload or a queued one, and starts failed ones again', async () => {
    const { pending, upload } = controllableUpload()
    const queue = new UploadQueue(upload, () => 0)
    queue.add([new File(['a'], 'a'), new File(['b'], 'b'), new File(['c'], 'c')])
    await tick()
    const [a, b] = queue.entries
    queue.cancel(b?.id ?? 0)
    queue.cancel(a?.id ?? 0)
    await tick()
    assert.equal(pending[0]?.options.signal?.aborted, true)
    assert.deepEqual(states(queue.entries), ['a:cancelled', 'b:cancelled', 'c:starting'])
    assert.equal(pending.length, 2, 'b never started')

    queue.retry(a?.id ?? 0)
    pending[1]?.resolve({ cid: 'c', size: 1, name: 'c' })
    await tick()
    assert.deepEqual(states(queue.entries), ['a:starting', 'b:cancelled', 'c:done'])
    assert.equal(pending[2]?.file.name, 'a')
    pending[2]?.resolve({ cid: 'a', size: 1, name: 'a' })
    await tick()
    queue.clearFinished()
    assert.deepEqual(queue.entries, [])
  })
})
