// A stream of ciphertext sent to the node as one resumable upload (services/admin/API.md,
// "Upload flow"), the same for the browser and the CLI: open a session, write the bytes in
// requests of a few MiB from the offset the node has acknowledged, complete it. The node
// acknowledges only what it has fsynced, and counts every such byte even of a request that
// broke off. So when a call fails (Wi-Fi drops, a service or the whole node restarts, a proxy
// times out) the upload waits (retry-policy.ts), asks the node how far it got and carries on
// from exactly there: nothing it has is sent twice, nothing it lacks is skipped.
// The transport (upload-transport.ts) is how the calls travel; time is a component, so
// that tests run without waiting.

import type { FileRecordInput, UploadCompleted } from '../admin-api.ts'
import { createCiphertextWindow } from './ciphertext-window.ts'
import type { CiphertextSource } from './ciphertext-window.ts'
import { createFailureStreak, defaultRetryPolicy, isRetryableFailure, retryDelayMs } from './retry-policy.ts'
import type { RetryPolicy } from './retry-policy.ts'
import { sleep } from './sleep.ts'
import type { Sleep } from './sleep.ts'
import { UploadResumeError } from './upload-errors.ts'
import type { UploadTransport } from './upload-transport.ts'

/** Ciphertext bytes per write request, unless the caller asks for another size. */
const defaultRequestBytes = 8 * 1024 * 1024

export type UploadPhase = 'starting' | 'uploading' | 'reconnecting' | 'completing'

export interface UploadProgress {
  phase: UploadPhase
  /** Ciphertext bytes on their way or acknowledged. */
  sentBytes: number
  /** Ciphertext bytes the node has made durable. */
  acknowledgedBytes: number
  totalBytes: number
  /** While reconnecting: the failure being retried, and how many there were since the last progress. */
  lastError?: unknown
  attempt?: number
  /** While reconnecting: the pause before the next try. */
  retryInMs?: number
}

export interface ResumableUploadOptions {
  transport: UploadTransport
  /** The ciphertext, exactly `size` bytes, produced as it is read. */
  source: CiphertextSource
  size: number
  /** The key and metadata the completing call hands to the vault. */
  record: FileRecordInput
  requestBytes?: number
  retry?: RetryPolicy
  signal?: AbortSignal
  onProgress?: (progress: UploadProgress) => void
  wait?: Sleep
  now?: () => number
}

export async function resumableUpload (options: ResumableUploadOptions): Promise<UploadCompleted> {
  const { transport, size, record } = options
  const policy = options.retry ?? defaultRetryPolicy
  const wait = options.wait ?? sleep
  const signal = options.signal ?? new AbortController().signal
  const streak = createFailureStreak(policy, options.now ?? Date.now)
  const window = createCiphertextWindow(options.source, options.requestBytes ?? defaultRequestBytes, size)

  let acknowledged = 0
  let sent = 0
  const report = (phase: UploadPhase, extra: Partial<UploadProgress> = {}): void => {
    options.onProgress?.({ phase, sentBytes: Math.max(sent, acknowledged), acknowledgedBytes: acknowledged, totalBytes: size, ...extra })
  }

  /** After a failed call: returns when it is time to try again, throws the error when not to. */
  const recover = async (error: unknown): Promise<void> => {
    signal.throwIfAborted()
    const failure = transport.describeFailure(error)
    if (!isRetryableFailure(failure) || streak.failed()) throw error
    sent = acknowledged
    const delay = retryDelayMs(streak.failures, policy, failure.kind === 'refused' ? failure : undefined)
    report('reconnecting', { lastError: error, attempt: streak.failures, retryInMs: delay })
    await wait(delay, signal)
  }

  /** Runs `call` until it succeeds or the failure is final; `phase` is shown again before each new try. */
  const persist = async <T>(phase: UploadPhase | undefined, call: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await call()
      } catch (error) {
        await recover(error)
        if (phase !== undefined) report(phase)
      }
    }
  }

  /** The node's word on how much it holds; it must fall inside the bytes still here. */
  const accept = (offset: number): void => {
    // A number by type; checked anyway, as it is the node's JSON.
    if (!Number.isSafeInteger(offset) || offset < window.start || offset > window.end) {
      throw new UploadResumeError(`the node holds ${offset} bytes, but this upload can only resume from ${window.start}…${window.end}; start the upload again`, {
        details: { offset, windowStart: window.start, windowEnd: window.end }
      })
    }
    if (offset > acknowledged) streak.progressed()
    acknowledged = sent = offset
  }

  report('starting')
  const created = await persist('starting', async () => await transport.create(size, { signal }))
  streak.progressed()
  try {
    while (await window.advance()) {
      while (acknowledged < window.end) {
        const from = acknowledged
        report('uploading')
        let reply: { offset: number }
        try {
          reply = await transport.write(created.id, from, window.from(from), {
            signal,
            onSent: (bytes) => {
              sent = from + bytes
              report('uploading')
            }
          })
        } catch (error) {
          await recover(error)
          // The node is the authority on what it holds; ask it (and keep asking while it is away).
          const state = await persist(undefined, async () => await transport.status(created.id, { signal }))
          accept(state.offset)
          continue
        }
        accept(reply.offset)
      }
    }
    report('completing')
    // Completing twice gives the same answer, so a reply lost on the way is simply asked again.
    return await persist('completing', async () => await transport.complete(created.id, record, { signal }))
  } catch (error) {
    await window.cancel(error)
    // This client cannot pick the upload up later (encryption cannot be rewound, and the
    // key lives only here), so the node need not keep its half.
    await transport.abort(created.id).catch(() => { /* best effort; the node drops it after a day */ })
    throw error
  }
}
