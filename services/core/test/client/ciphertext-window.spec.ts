import assert from 'node:assert/strict'
import { ReadableStream } from 'node:stream/web'
import { describe, it } from 'node:test'
import { createCiphertextWindow } from '../../src/client/ciphertext-window.ts'

async function * numbered (sizes: number[]): AsyncGenerator<Uint8Array> {
  let next = 0
  for (const size of sizes) {
    yield Uint8Array.from({ length: size }, () => next++ % 256)
  }
}

/** Pieces of the given sizes holding 0, 1, 2, … (mod 256), as the CLI streams its generator. */
function pieces (sizes: number[]): ReadableStream<Uint8Array> {
  return ReadableStream.from(numbered(sizes))
}

describe('ciphertext window', () => {
  it('cuts the stream into windows whatever the piece sizes, and resends from any offset inside one', async () => {
    const window = createCiphertextWindow(pieces([3, 10, 1, 7]), 8)
    const seen: number[][] = []
    while (await window.advance()) {
      seen.push([window.start, window.end])
      assert.deepEqual([...window.from(window.start)], Array.from({ length: window.end - window.start }, (_, index) => window.start + index))
      assert.deepEqual([...window.from(window.end - 1)], [window.end - 1])
      assert.equal(window.from(window.end).byteLength, 0)
    }
    assert.deepEqual(seen, [[0, 8], [8, 16], [16, 21]])
    assert.equal(await window.advance(), false)
  })

  it('refuses an offset outside the window (bytes already dropped or not yet read)', async () => {
    const window = createCiphertextWindow(pieces([20]), 8)
    await window.advance()
    await window.advance()
    assert.throws(() => window.from(7), RangeError)
    assert.throws(() => window.from(17), RangeError)
  })

  it('cuts windows of the announced size exactly', async () => {
    const window = createCiphertextWindow(pieces([5, 5, 5]), 4, 15)
    const seen: number[][] = []
    while (await window.advance()) seen.push([window.start, window.end, window.from(window.start)[0] ?? -1])
    assert.deepEqual(seen, [[0, 4, 0], [4, 8, 4], [8, 12, 8], [12, 15, 12]])
  })

  it('with the announced size, a source that ends early or goes on is an UploadSourceError', async () => {
    const short = createCiphertextWindow(pieces([5, 5]), 8, 12)
    assert.equal(await short.advance(), true)
    await assert.rejects(short.advance(), { name: 'UploadSourceError' })

    const long = createCiphertextWindow(pieces([5, 5, 1]), 8, 10)
    assert.equal(await long.advance(), true)
    assert.equal(await long.advance(), true)
    await assert.rejects(long.advance(), { name: 'UploadSourceError' })

    const exact = createCiphertextWindow(pieces([5, 5]), 8, 10)
    assert.equal(await exact.advance(), true)
    assert.equal(await exact.advance(), true)
    assert.equal(await exact.advance(), false)
  })

  it('stops reading the source when cancelled', async () => {
    let finished = false
    async function * endless (): AsyncGenerator<Uint8Array> {
      try {
        for (;;) yield new Uint8Array(4)
      } finally {
        finished = true
      }
    }
    const window = createCiphertextWindow(ReadableStream.from(endless()), 8)
    await window.advance()
    await window.cancel(new Error('stop'))
    assert.equal(finished, true)
  })
})
