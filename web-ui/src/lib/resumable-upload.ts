// Sends a stream of ciphertext to the node as one resumable upload (services/admin/API.md,
// "Upload flow"): POST a session, PUT the bytes in requests of a few MiB at the offset the
// node has acknowledged, POST complete. Any request can fail (Wi-Fi drops, the node
// restarts a service, a proxy times out): the upload then waits, asks the node how far it
// got and continues from there.
//
// Encryption is sequential (each frame chains to the one before), so the stream cannot be
// rewound. What makes resuming possible is that the bytes of the request in flight are
// kept until the node acknowledges them: the node's offset always falls inside them, and
// the rest is sent again. While one request is in flight the next one is already being
// read and encrypted into a second buffer, so the link and the CPU work at the same time;
// memory stays at two requests' worth whatever the file size.

import { ApiError } from './api.ts'
import type { FileRecordInput, UploadCompleted, UploadCreated, UploadState } from './api-types.ts'
import { waitFor } from './wait.ts'

export const defaultRequestBytes = 8 * 1024 * 1024

export interface PutOptions {
  signal: AbortSignal
  /** Bytes of this request's body sent so far (not yet acknowledged). */
  onSent?: (bytes: number) => void
}

/** How the upload reaches the node; the HTTP one is upload-transport.ts, tests use a fake. */
export interface UploadTransport {
  create (size: number, signal: AbortSignal): Promise<UploadCreated>
  status (id: string, signal: AbortSignal): Promise<UploadState>
  put (id: string, offset: number, body: Uint8Array, options: PutOptions): Promise<{ offset: number }>
  complete (id: string, record: FileRecordInput, signal: AbortSignal): Promise<UploadCompleted>
  discard (id: string): Promise<void>
}

export type UploadPhase = 'starting' | 'uploading' | 'reconnecting' | 'completing'

export interface UploadProgress {
  phase: UploadPhase
  /** Ciphertext bytes on their way or acknowledged. */
  sentBytes: number
  /** Ciphertext bytes the node has made durable. */
  acknowledgedBytes: number
  totalBytes: number
  /** While reconnecting: the error that caused it and the how-many-th retry this is. */
  lastError?: unknown
  attempt?: number
}

export interface RetryPolicy {
  firstDelayMs: number
  maxDelayMs: number
  /** Consecutive failures after which the upload gives up. */
  maxAttempts: number
}

// About two and a half minutes of trying: long enough for a service restart or a reboot
// of the node's network, short enough that a dead node is reported.
export const defaultRetryPolicy: RetryPolicy = { firstDelayMs: 500, maxDelayMs: 15_000, maxAttempts: 14 }

export interface ResumableUploadOptions {
  transport: UploadTransport
  /** The ciphertext, exactly `size` bytes. */
  source: ReadableStream<Uint8Array>
  size: number
  /** The key and metadata the completing call hands to the vault. */
  record: FileRecordInput
  requestBytes?: number
  retry?: RetryPolicy
  signal?: AbortSignal
  onProgress?: (progress: UploadProgress) => void
  /** Waits between retries; tests pass one that does not really wait. */
  wait?: (ms: number, signal: AbortSignal) => Promise<void>
}

/** The node's offset lies outside the bytes this browser still holds: the upload cannot go on. */
export class UploadResumeError extends Error {
  override name = 'UploadResumeError'
}

/** The ciphertext stream was shorter or longer than announced (e.g. the file changed while it was read). */
export class UploadSourceError extends Error {
  override name = 'UploadSourceError'
}

/** Failures worth another try: no answer, a server or proxy error, a lost offset, a rate limit. */
export function isRetryableUploadError (error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  if (error.name === 'NetworkError' || error.name === 'UploadOffsetMismatchError') return true
  if (error.status === 429) return true
  // 507 is a full disk and 501 a missing feature: waiting does not help.
  return error.status >= 500 && error.status !== 507 && error.status !== 501
}

/** Exponential backoff; a server's Retry-After wins when it asks for longer. */
export function retryDelayMs (attempt: number, policy: RetryPolicy, error?: unknown): number {
  const backoff = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempt - 1))
  const asked = error instanceof ApiError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : 0
  return Math.max(backoff, Math.min(asked, policy.maxDelayMs * 4))
}

/** Reads exactly the bytes asked for from a stream whose pieces have any size. */
class ExactReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>
  private carry: Uint8Array | undefined

  constructor (stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader()
  }

  /** Fills `target` completely; fails if the stream ends first. */
  async fill (target: Uint8Array): Promise<Uint8Array> {
    let filled = 0
    while (filled < target.byteLength) {
      let piece = this.carry
      this.carry = undefined
      if (piece === undefined) {
        const { done, value } = await this.reader.read()
        if (done) throw new UploadSourceError(`the encrypted file ended ${target.byteLength - filled} bytes early; was the file changed while it was read?`)
        piece = value
      }
      const take = Math.min(piece.byteLength, target.byteLength - filled)
      target.set(piece.subarray(0, take), filled)
      filled += take
      if (take < piece.byteLength) this.carry = piece.subarray(take)
    }
    return target
  }

  /** The stream must be over now; anything more means the size was wrong. */
  async expectEnd (): Promise<void> {
    let extra = this.carry?.byteLength ?? 0
    for (;;) {
      const { done, value } = await this.reader.read()
      if (done) break
      extra += value.byteLength
    }
    if (extra > 0) throw new UploadSourceError(`the encrypted file is ${extra} bytes longer than announced`)
  }

  async cancel (reason: unknown): Promise<void> {
    await this.reader.cancel(reason).catch(() => { /* already errored or closed */ })
  }
}

export async function resumableUpload (options: ResumableUploadOptions): Promise<UploadCompleted> {
  const { transport, size, record } = options
  const requestBytes = options.requestBytes ?? defaultRequestBytes
  const policy = options.retry ?? defaultRetryPolicy
  const wait = options.wait ?? waitFor
  const signal = options.signal ?? new AbortController().signal
  const source = new ExactReader(options.source)

  let acknowledged = 0
  let sent = 0
  const report = (phase: UploadPhase, extra: Partial<UploadProgress> = {}): void => {
    options.onProgress?.({ phase, sentBytes: Math.max(sent, acknowledged), acknowledgedBytes: acknowledged, totalBytes: size, ...extra })
  }

  /** Runs `operation` until it succeeds, waiting and asking again after retryable failures. */
  const withRetries = async <T>(operation: () => Promise<T>, phase: UploadPhase): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await operation()
      } catch (error) {
        signal.throwIfAborted()
        if (!isRetryableUploadError(error) || attempt >= policy.maxAttempts) throw error
        report('reconnecting', { lastError: error, attempt })
        await wait(retryDelayMs(attempt, policy, error), signal)
        report(phase)
      }
    }
  }

  report('starting')
  const created = await withRetries(async () => await transport.create(size, signal), 'starting')
  if (created.offset !== 0) throw new UploadResumeError(`a new upload should start at 0, the node says ${created.offset}`)

  /** Sends `body`, which starts at ciphertext offset `start`, until the node holds all of it. */
  const sendRequest = async (start: number, body: Uint8Array): Promise<void> => {
    const end = start + body.byteLength
    let attempt = 0
    while (acknowledged < end) {
      const from = acknowledged
      try {
        report('uploading')
        const reply = await transport.put(created.id, from, body.subarray(from - start), {
          signal,
          onSent: (bytes) => {
            sent = from + bytes
            report('uploading')
          }
        })
        if (reply.offset < from || reply.offset > end) throw new UploadResumeError(`the node acknowledged offset ${reply.offset} for bytes ${from}…${end}`)
        acknowledged = reply.offset
        sent = acknowledged
        attempt = 0
      } catch (error) {
        signal.throwIfAborted()
        attempt++
        if (!isRetryableUploadError(error) || attempt >= policy.maxAttempts) throw error
        sent = acknowledged
        report('reconnecting', { lastError: error, attempt })
        await wait(retryDelayMs(attempt, policy, error), signal)
        // The node is the authority on what it holds; ask it (and keep asking while it is away).
        const state = await withRetries(async () => await transport.status(created.id, signal), 'reconnecting')
        if (state.offset < start || state.offset > end) {
          throw new UploadResumeError(`the node holds ${state.offset} bytes, but this browser only still has bytes ${start}…${end}`)
        }
        acknowledged = state.offset
        sent = acknowledged
      }
    }
  }

  const buffers = [new Uint8Array(Math.min(requestBytes, size)), new Uint8Array(Math.min(requestBytes, Math.max(0, size - requestBytes)))]
  const readRequest = async (index: number, start: number): Promise<Uint8Array> => {
    const length = Math.min(requestBytes, size - start)
    const buffer = buffers[index % 2] ?? new Uint8Array(length)
    return await source.fill(buffer.subarray(0, length))
  }

  try {
    let start = 0
    let index = 0
    let next = size > 0 ? readRequest(index, start) : undefined
    while (next !== undefined) {
      const body = await next
      const following = start + body.byteLength
      // Encrypt the next request while this one travels.
      next = following < size ? readRequest(index + 1, following) : undefined
      next?.catch(() => { /* awaited in the next round */ })
      await sendRequest(start, body)
      start = following
      index++
    }
    await source.expectEnd()

    report('completing')
    return await withRetries(async () => await transport.complete(created.id, record, signal), 'completing')
  } catch (error) {
    await source.cancel(error)
    // This browser cannot pick the upload up again later (the stream cannot be rewound), so
    // the node need not keep its half; it would drop it after a day anyway.
    transport.discard(created.id).catch(() => { /* best effort */ })
    throw error
  }
}
