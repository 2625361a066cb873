import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createCiphertextWindow } from '../src/upload/window.ts'

async function * pieces (sizes: number[]): AsyncGenerator<Uint8Array> {
  let next = 0
  for (const size of sizes) {
    yield Uint8Array.from({ length: size }, () => next++ % 256)
  }
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
})
