// The bytes of a response body as they arrive, for a parser that takes them in pieces of
// its own size. Chunks are queued as the socket delivers them ('data' events: no promise per
// chunk) and the body is paused while more than `highWaterBytes` wait, so memory stays
// bounded however fast the peer sends. A parser waits only when it needs more than is here.

import type { Readable } from 'node:stream'

export interface ByteQueue {
  /** Resolves once `bytes` are queued or the body has ended (then fewer may be). */
  want (bytes: number): Promise<void>
  available (): number
  ended (): boolean
  /** The first `bytes` (at most what is queued), contiguous, without consuming them. */
  peek (bytes: number): Uint8Array
  skip (bytes: number): void
  /** Consumes `bytes` into `target` from its start. */
  copyInto (target: Uint8Array, bytes: number): void
}

export function createByteQueue (body: Readable, highWaterBytes: number): ByteQueue {
  const chunks: Buffer[] = []
  let head = 0
  let queued = 0
  let finished = false
  let failure: Error | undefined
  let waiter: { bytes: number, resolve: () => void, reject: (error: Error) => void } | undefined

  const wake = (): void => {
    if (waiter === undefined) return
    if (failure !== undefined) waiter.reject(failure)
    else if (queued >= waiter.bytes || finished) waiter.resolve()
    else return
    waiter = undefined
  }
  body.on('data', (chunk: Buffer) => {
    chunks.push(chunk)
    queued += chunk.byteLength
    if (queued >= highWaterBytes) body.pause()
    wake()
  })
  body.on('end', () => { finished = true; wake() })
  body.on('error', (error: Error) => { failure = error; wake() })
  body.on('close', () => {
    if (!finished) failure ??= new Error('the connection closed before the body ended')
    wake()
  })

  const consume = (bytes: number, into?: Uint8Array): void => {
    let done = 0
    while (done < bytes) {
      const chunk = chunks[0] as Buffer
      const take = Math.min(chunk.byteLength - head, bytes - done)
      if (into !== undefined) into.set(chunk.subarray(head, head + take), done)
      done += take
      head += take
      if (head === chunk.byteLength) {
        chunks.shift()
        head = 0
      }
    }
    queued -= bytes
    if (queued < highWaterBytes && body.isPaused()) body.resume()
  }

  return {
    async want (bytes) {
      if (failure !== undefined) throw failure
      if (queued >= bytes || finished) return
      // Whatever is queued is not enough: more must flow, whatever the high-water mark says.
      if (body.isPaused()) body.resume()
      await new Promise<void>((resolve, reject) => { waiter = { bytes, resolve, reject } })
    },
    available: () => queued,
    ended: () => finished && queued === 0,
    peek (bytes) {
      const length = Math.min(bytes, queued)
      const first = chunks[0]
      if (first !== undefined && first.byteLength - head >= length) return first.subarray(head, head + length)
      const out = Buffer.allocUnsafe(length)
      let done = 0
      for (let index = 0; done < length; index++) {
        const chunk = chunks[index] as Buffer
        const start = index === 0 ? head : 0
        const take = Math.min(chunk.byteLength - start, length - done)
        out.set(chunk.subarray(start, start + take), done)
        done += take
      }
      return out
    },
    skip: (bytes) => { consume(bytes) },
    copyInto: (target, bytes) => { consume(bytes, target) }
  }
}
