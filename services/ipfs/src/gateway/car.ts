// `?format=car`: the DAG as a CARv1 stream, depth-first, each block once. Leaves are read
// from disk into a few reused buffers and written from them while the next is read: memory
// is a few blocks, and no garbage is made per block (at hundreds of MiB/s, allocating a
// buffer per block keeps the garbage collector busier than the disk). Whether the root is
// here is checked before the 200 goes out; a block missing further down can only cut the
// stream, which the client's verification catches.

import { BlockNotFoundError } from '@pc2/core'
import type { AbortOptions, BytesReply, StreamReply } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import { childLinks, fileNode, rawCode } from '../dag/block.ts'
import { carBlockHead, carContentType, carHeader } from '../dag/car.ts'
import type { DagScope } from '../dag/walk.ts'
import { contentHeaders, notModified } from './headers.ts'

export async function carReply (blockstore: LocalBlockstore, cid: CID, scope: DagScope, ifNoneMatch: string | undefined, options: AbortOptions = {}): Promise<BytesReply | StreamReply> {
  options.signal?.throwIfAborted()
  if (await blockstore.sizeOf(cid) === undefined) {
    throw new BlockNotFoundError(`block ${cid.toString()} is not stored on this node`, { details: { cid: cid.toString() } })
  }
  const headers = { ...contentHeaders(cid, '.car'), 'Content-Type': carContentType }
  if (notModified(ifNoneMatch, headers.ETag)) return { status: 304, headers }
  return {
    status: 200,
    headers,
    stream: async (write, signal) => { await streamCar(blockstore, cid, scope, write, signal) }
  }
}

/** Raw leaves, read into these and written from them; a few in flight keep disk and socket busy. */
const leafBuffers = 4
const leafBufferBytes = 2 * 1024 * 1024

async function streamCar (blockstore: LocalBlockstore, root: CID, scope: DagScope, write: (chunk: Uint8Array) => Promise<void>, signal: AbortSignal): Promise<void> {
  const free: Buffer[] = Array.from({ length: leafBuffers }, () => Buffer.allocUnsafe(leafBufferBytes))
  const writing = new Set<Promise<void>>()
  let failure: unknown
  const send = (head: Uint8Array, bytes: Uint8Array, release?: () => void): void => {
    void write(head).catch(() => {})
    const sent = write(bytes).catch((error: unknown) => { failure ??= error }).finally(() => { release?.() })
    writing.add(sent)
    void sent.finally(() => writing.delete(sent))
  }
  try {
    await write(await carHeader(root))
    const seen = new Set<string>()
    const stack: CID[] = [root]
    while (stack.length > 0 && failure === undefined) {
      signal.throwIfAborted()
      const cid = stack.pop() as CID
      const key = blockstore.keyOf(cid)
      if (seen.has(key)) continue
      seen.add(key)
      const isRoot = cid === root
      if (cid.code === rawCode) {
        while (free.length === 0) await Promise.race(writing)
        const buffer = free.pop() as Buffer
        const length = await blockstore.readInto(cid, buffer, { signal }).catch((error: unknown) => { free.push(buffer); throw error })
        if (length !== undefined) {
          send(carBlockHead(cid, length), buffer.subarray(0, length), () => { free.push(buffer) })
          continue
        }
        free.push(buffer)
      }
      const bytes = await blockstore.read(cid, { signal })
      send(carBlockHead(cid, bytes.byteLength), bytes)
      if (isRoot && (scope === 'block' || (scope === 'entity' && fileNode(cid, bytes) === undefined))) break
      const children = childLinks(cid, bytes)
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index] as CID)
    }
  } finally {
    await Promise.all(writing)
  }
  if (failure !== undefined) throw failure
}
