// PUT /uploads/<id>?offset=<n>: appends the body to the session as it arrives. Each time a
// block fills it is hashed, stored (fsync) and logged (fsync), a few blocks in flight at a
// time and counted in order (leaf-pipeline.ts): that is the moment it counts. What is left
// over when the body ends (or the client goes away) is kept as the session's tail, also
// durably, and only then does the PUT answer. Memory per PUT is a few blocks, and a
// disconnect costs at most the bytes that were in flight.

import type { AbortOptions, UploadWritten } from '@pc2/core'
import { InternalError, InvalidUploadError, UploadOffsetMismatchError } from '@pc2/core'
import { isDiskFull, quotaExceeded } from '../storage/space.ts'
import { createLeafPipeline } from './leaf-pipeline.ts'
import { openLeafLog, readTail, saveTail } from './session-files.ts'
import { endWriter, findUpload, offsetOf } from './uploads.ts'
import type { UploadContext, UploadSession } from './uploads.ts'

export interface UploadBody extends AsyncIterable<Uint8Array> {
  /** Ends the body early: how a newer PUT or a shutdown stops this one. */
  destroy (error?: Error): void
}

export interface WriteUploadRequest {
  id: string
  offset: number
  body: UploadBody
  /** Content-Length when the client sent one: a body too long is refused before it is read. */
  length?: number
}

export async function writeUpload (context: UploadContext, request: WriteUploadRequest, options: AbortOptions = {}): Promise<UploadWritten> {
  const session = findUpload(context, request.id)
  // One writer per session. A new PUT means the client gave up on the old one (a resume
  // after a dropped connection the server has not noticed yet): end it, keep what it got.
  // Checked again after every wait, and claimed in the same step as the last check.
  while (session.writer !== undefined) await endWriter(session)
  // The session may have been deleted meanwhile.
  findUpload(context, request.id)
  const controller = new AbortController()
  const stop = (): void => { controller.abort(options.signal?.reason) }
  options.signal?.addEventListener('abort', stop, { once: true })
  controller.signal.addEventListener('abort', () => { request.body.destroy(new Error('upload write ended')) }, { once: true })
  const done = receive(context, session, request, controller.signal)
  session.writer = { controller, done }
  try {
    return await done
  } finally {
    options.signal?.removeEventListener('abort', stop)
    if (session.writer?.done === done) session.writer = undefined
  }
}

async function receive (context: UploadContext, session: UploadSession, request: WriteUploadRequest, signal: AbortSignal): Promise<UploadWritten> {
  const { id, size, blockBytes } = session.record
  const offset = offsetOf(session)
  if (request.offset !== offset || session.record.state !== 'open') {
    if (session.record.state === 'complete' && request.offset === size && request.length === 0) return { offset }
    throw new UploadOffsetMismatchError(`upload ${id} is at offset ${offset}, not ${request.offset}`, { details: { offset } })
  }
  if (request.length !== undefined && request.offset + request.length > size) {
    throw beyondSize(size, request.offset + request.length)
  }

  const log = await openLeafLog(context.dir, id)
  const pipeline = createLeafPipeline(context, session, log, blockBytes)
  let block = await pipeline.take()
  let filled = 0
  let tailChanged = false
  let received = offset
  const flush = async (): Promise<void> => {
    await pipeline.add(block)
    block = await pipeline.take()
    filled = 0
    tailChanged = false
  }
  let failure: unknown
  try {
    if (session.tailBytes > 0) {
      const tail = await readTail(context.dir, id, session.leaves.length, { signal })
      if (tail?.byteLength !== session.tailBytes) throw new InternalError(`upload ${id}: its tail on disk is not the one counted`)
      block.set(tail)
      filled = tail.byteLength
    }
    // A whole block kept as the tail: its store failed last time (a full disk, say).
    if (filled === blockBytes) await flush()
    for await (const chunk of request.body) {
      signal.throwIfAborted()
      let position = 0
      while (position < chunk.byteLength) {
        if (received >= size) throw beyondSize(size, received + chunk.byteLength - position)
        const take = Math.min(chunk.byteLength - position, blockBytes - filled, size - received)
        block.set(chunk.subarray(position, position + take), filled)
        filled += take
        position += take
        received += take
        tailChanged = true
        if (filled === blockBytes) await flush()
      }
    }
  } catch (error) {
    failure = error
  }
  // Whatever else happened, what arrived is kept: the blocks in flight count (in order), then
  // the bytes past the last block become the tail, unless a block before them failed.
  const storeFailure = await pipeline.settle()
  try {
    if (storeFailure === undefined && tailChanged && filled > 0) {
      await saveTail(context.dir, id, session.leaves.length, block.subarray(0, filled))
      session.tailBytes = filled
      session.touchedAt = context.now()
    }
  } finally {
    pipeline.give(block)
    await log.close()
  }
  if (storeFailure !== undefined) {
    if (isDiskFull(storeFailure)) throw quotaExceeded(blockBytes, await context.space.status())
    throw storeFailure
  }
  if (failure !== undefined) throw failure
  return { offset: offsetOf(session) }
}

function beyondSize (size: number, end: number): InvalidUploadError {
  return new InvalidUploadError(`the body goes past the upload's size: ${end} > ${size}`, { details: { size, end } })
}
