// The browser's way of making the upload session calls (services/admin/API.md, "Files,
// storage and peers") for @pc2/core's resumable upload. JSON calls go through api.ts; the
// ciphertext PUTs use XMLHttpRequest, the one browser API that reports upload progress, so
// the bar moves during a request and not only after it. A lost session is not renewed
// here: api.ts reports it and the app shows its sign-in page.

import type { UploadFailure, UploadTransport, WriteOptions } from '@pc2/core/client/upload-transport'
import { api, ApiError, failedReply, networkError, parseJson, stateChangeHeaders } from './api.ts'
import type { UploadCompleted, UploadCreated, UploadState } from './api-types.ts'

function uploadPath (id: string): string {
  return `/api/uploads/${encodeURIComponent(id)}`
}

/**
 * A request that shows no sign of life for this long is given up as a network error (and
 * the upload resumes): a link that dies silently never ends a request by itself. The node
 * answers within seconds of the last byte (it fsyncs what it received), so a minute
 * without progress is not a slow link.
 */
export const stallTimeoutMs = 60_000

/** Giving up a session should not keep a failed upload on screen while the node is away. */
const abortTimeoutMs = 10_000

function putCiphertext (id: string, offset: number, body: Uint8Array<ArrayBuffer>, { signal, onSent }: WriteOptions): Promise<{ offset: number }> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason)
      return
    }
    const request = new XMLHttpRequest()
    let stalled = false
    let lastSign = Date.now()
    const watchdog = setInterval(() => {
      if (Date.now() - lastSign < stallTimeoutMs) return
      stalled = true
      request.abort()
    }, 5000)
    const onAbort = (): void => { request.abort() }
    const settle = (): void => {
      clearInterval(watchdog)
      signal.removeEventListener('abort', onAbort)
    }
    request.open('PUT', `${uploadPath(id)}?offset=${offset}`)
    request.setRequestHeader('Content-Type', 'application/octet-stream')
    request.setRequestHeader('Accept', 'application/json')
    for (const [name, value] of Object.entries(stateChangeHeaders())) request.setRequestHeader(name, value)
    request.upload.onprogress = (event) => {
      lastSign = Date.now()
      onSent?.(event.loaded)
    }
    request.onreadystatechange = () => { lastSign = Date.now() }
    request.onload = () => {
      settle()
      if (request.status >= 200 && request.status < 300) {
        const answer = parseJson(request.responseText) as { offset?: unknown } | undefined
        if (typeof answer?.offset === 'number') resolve({ offset: answer.offset })
        else reject(new ApiError({ name: 'HttpError', message: 'The node answered an upload without its offset.', status: request.status }))
        return
      }
      reject(failedReply(request.status, request.statusText, request.responseText, request.getResponseHeader('Retry-After')))
    }
    request.onerror = () => {
      settle()
      reject(networkError())
    }
    request.onabort = () => {
      settle()
      if (stalled) reject(networkError(`The node stopped answering (nothing for ${stallTimeoutMs / 1000} s).`))
      else reject(signal.reason ?? new DOMException('The upload was stopped.', 'AbortError'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    // As a Blob: the browser copies the bytes once into its blob store and streams the
    // request from there (in Chromium several times faster than a typed-array body), and
    // the caller may reuse its buffer at once.
    request.send(new Blob([body]))
  })
}

/** ApiError names a failure by the node's own error name; "NetworkError" is no answer at all. */
export function describeUploadFailure (error: unknown): UploadFailure {
  if (!(error instanceof ApiError)) return { kind: 'local' }
  if (error.name === 'NetworkError') return { kind: 'unreachable' }
  return { kind: 'refused', status: error.status, name: error.name, retryAfterSeconds: error.retryAfterSeconds }
}

export const httpUploadTransport: UploadTransport = {
  create: async (size, { signal }) => await api.post<UploadCreated>('/api/uploads', { size }, { signal }),
  status: async (id, { signal }) => await api.get<UploadState>(uploadPath(id), { signal }),
  write: putCiphertext,
  complete: async (id, record, { signal }) => await api.post<UploadCompleted>(`${uploadPath(id)}/complete`, record, { signal }),
  abort: async (id) => { await api.delete(uploadPath(id), { signal: AbortSignal.timeout(abortTimeoutMs) }) },
  describeFailure: describeUploadFailure
}
