// Sends the ciphertext to an open upload session, one window (≤ 16 MiB) per PUT, resuming
// after any failure from the offset the node reports: the node counts every byte it made
// durable, even of a request that broke off, so nothing it has is sent twice and nothing
// it lacks is skipped.

import type { AbortOptions, UploadCreated, UploadState } from '@pc2/core'
import { NodeApiError, UploadResumeError } from '../errors.ts'
import type { NodeClient } from '../node/client.ts'
import type { Recovery } from './recovery.ts'
import type { CiphertextWindow } from './window.ts'

export interface SendComponents {
  client: NodeClient
  recovery: Recovery
  /** Called with the acknowledged offset after every answer. */
  onProgress: (offset: number) => void
}

/** A request that moves no bytes for this long is given up (and resumed). */
const requestTimeoutMs = 5 * 60_000

export async function sendCiphertext (upload: UploadCreated, window: CiphertextWindow, components: SendComponents, options: AbortOptions = {}): Promise<void> {
  const { client, recovery, onProgress } = components
  const path = `/api/uploads/${encodeURIComponent(upload.id)}`
  let acknowledged = upload.offset

  const accept = (offset: unknown): void => {
    if (typeof offset !== 'number' || offset < window.start || offset > window.end) {
      throw new UploadResumeError(`the node reports ${String(offset)} bytes received, but this upload can only resume from ${window.start}…${window.end}; start the upload again`, {
        details: { offset, windowStart: window.start, windowEnd: window.end }
      })
    }
    acknowledged = offset
    onProgress(offset)
  }

  while (await window.advance()) {
    accept(acknowledged)
    while (acknowledged < window.end) {
      options.signal?.throwIfAborted()
      try {
        const reply = await client.request<{ offset: number }>('PUT', `${path}?offset=${acknowledged}`, { body: window.from(acknowledged), signal: options.signal, timeoutMs: requestTimeoutMs })
        accept(reply.offset)
        recovery.succeeded()
      } catch (error) {
        // The node has more or less than we thought (an earlier request landed after all).
        if (error instanceof NodeApiError && error.remoteName === 'UploadOffsetMismatchError' && typeof error.details?.offset === 'number') {
          accept(error.details.offset)
          continue
        }
        await recovery.recover(error)
        const status = await recovery.run(async () => await client.request<UploadState>('GET', path, { signal: options.signal, timeoutMs: 60_000 }))
        accept(status.offset)
      }
    }
  }
  if (acknowledged !== upload.size) {
    throw new UploadResumeError(`the ciphertext has ${acknowledged} bytes, but the upload was opened for ${upload.size}`, { details: { offset: acknowledged, size: upload.size } })
  }
}
