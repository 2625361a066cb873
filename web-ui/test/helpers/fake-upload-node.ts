// An in-memory node for upload tests: it keeps upload sessions the way pc2-ipfs does
// (offsets, 409 on a wrong offset, bytes beyond the size refused) and can be told to fail
// in the ways a real network does: drop a request after storing part of its body, answer
// 5xx, or be unreachable for a while. It fails with the browser's ApiError, which the
// browser's transport describes (upload-transport.ts), as the real node's answers are.

import type { UploadTransport, WriteOptions } from '@pc2/core/client/upload-transport'
import { ApiError } from '../../src/lib/api.ts'
import type { FileRecordInput, UploadCompleted, UploadCreated, UploadState } from '../../src/lib/api-types.ts'
import { describeUploadFailure } from '../../src/lib/upload-transport.ts'

export interface Session {
  size: number
  bytes: Uint8Array
  offset: number
  record: FileRecordInput | undefined
  discarded: boolean
}

/** What the next call of a kind does instead of succeeding. */
export type Fault =
  | { kind: 'drop', keepBytes: number }
  | { kind: 'status', status: number, name: string }
  | { kind: 'unreachable' }

export function networkError (): ApiError {
  return new ApiError({ name: 'NetworkError', message: 'The node did not answer.', status: 0 })
}

export class FakeUploadNode implements UploadTransport {
  readonly sessions = new Map<string, Session>()
  readonly calls: string[] = []
  readonly faults: Record<'create' | 'status' | 'put' | 'complete', Fault[]> = { create: [], status: [], put: [], complete: [] }
  quotaFreeBytes = Number.POSITIVE_INFINITY
  readonly describeFailure = describeUploadFailure
  private nextId = 1

  session (id = 'u1'): Session {
    const session = this.sessions.get(id)
    if (session === undefined) throw new Error(`no session ${id}`)
    return session
  }

  private fault (kind: keyof FakeUploadNode['faults']): Fault | undefined {
    return this.faults[kind].shift()
  }

  private static fail (fault: Fault): never {
    if (fault.kind === 'status') throw new ApiError({ name: fault.name, message: `fake ${fault.status}`, status: fault.status })
    throw networkError()
  }

  async create (size: number): Promise<UploadCreated> {
    this.calls.push(`create ${size}`)
    const fault = this.fault('create')
    if (fault !== undefined) FakeUploadNode.fail(fault)
    if (size > this.quotaFreeBytes) {
      throw new ApiError({ name: 'QuotaExceededError', message: 'no space', status: 507, details: { size, freeBytes: this.quotaFreeBytes, quotaBytes: 100 } })
    }
    const id = `u${this.nextId++}`
    this.sessions.set(id, { size, bytes: new Uint8Array(size), offset: 0, record: undefined, discarded: false })
    return { id, size, offset: 0, blockBytes: 1024 * 1024 }
  }

  async status (id: string): Promise<UploadState> {
    this.calls.push(`status ${id}`)
    const fault = this.fault('status')
    if (fault !== undefined) FakeUploadNode.fail(fault)
    const session = this.session(id)
    return { id, size: session.size, offset: session.offset, blockBytes: 1024 * 1024, state: session.record === undefined ? 'open' : 'complete' }
  }

  async write (id: string, offset: number, body: Uint8Array, options: WriteOptions): Promise<{ offset: number }> {
    this.calls.push(`put ${offset}+${body.byteLength}`)
    options.signal.throwIfAborted()
    const session = this.session(id)
    const fault = this.fault('put')
    if (fault?.kind === 'unreachable' || fault?.kind === 'status') FakeUploadNode.fail(fault)
    if (offset !== session.offset) {
      throw new ApiError({ name: 'UploadOffsetMismatchError', message: 'offset', status: 409, details: { offset: session.offset } })
    }
    if (offset + body.byteLength > session.size) throw new ApiError({ name: 'InvalidUploadError', message: 'beyond size', status: 400 })
    const keep = fault?.kind === 'drop' ? Math.min(fault.keepBytes, body.byteLength) : body.byteLength
    session.bytes.set(body.subarray(0, keep), offset)
    session.offset += keep
    options.onSent?.(keep)
    if (fault?.kind === 'drop') throw networkError()
    return { offset: session.offset }
  }

  async complete (id: string, record: FileRecordInput): Promise<UploadCompleted> {
    this.calls.push(`complete ${id}`)
    const fault = this.fault('complete')
    if (fault !== undefined) FakeUploadNode.fail(fault)
    const session = this.session(id)
    if (session.offset !== session.size) throw new ApiError({ name: 'UploadIncompleteError', message: 'incomplete', status: 409 })
    session.record = record
    return { cid: `bafy${id}`, size: session.size, name: record.metadata.name }
  }

  async abort (id: string): Promise<void> {
    this.calls.push(`discard ${id}`)
    this.session(id).discarded = true
  }
}

/** A stream of `bytes` in pieces of the given sizes, repeated (the way file.stream() varies). */
export function streamOf (bytes: Uint8Array, pieceSizes: number[] = [7000, 65553, 1, 300_000]): ReadableStream<Uint8Array> {
  let offset = 0
  let index = 0
  return new ReadableStream({
    pull (controller) {
      if (offset >= bytes.byteLength) {
        controller.close()
        return
      }
      const size = pieceSizes[index++ % pieceSizes.length] ?? 1
      controller.enqueue(bytes.slice(offset, offset + size))
      offset += size
    }
  })
}

export function randomBytes (length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length)
  for (let offset = 0; offset < length; offset += 65536) crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65536)))
  return bytes
}

export const noWait = async (): Promise<void> => {}
