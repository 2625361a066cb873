// The upload session calls over HTTP (services/admin/API.md, "Files, storage and peers").
// JSON calls go through api.ts; the ciphertext PUTs use XMLHttpRequest, the one browser API
// that reports upload progress, so the bar moves during a request and not only after it.

import { api, ApiError, errorFromReply, reportUnauthenticated, stateChangeHeaders } from './api.ts'
import type { FileRecordInput, UploadCompleted, UploadCreated, UploadState } from './api-types.ts'
import type { PutOptions, UploadTransport } from './resumable-upload.ts'

function uploadPath (id: string): string {
  return `/api/uploads/${encodeURIComponent(id)}`
}

function parseJson (text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * A request that shows no sign of life for this long is given up as a network error (and
 * the upload resumes): a link that dies silently never ends a request by itself. The node
 * answers within seconds of the last byte (it fsyncs what it received), so a minute
 * without progress is not a slow link.
 */
export const stallTimeoutMs = 60_000

function putCiphertext (id: string, offset: number, body: Uint8Array, { signal, onSent }: PutOptions): Promise<{ offset: number }> {
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
      const parsed = parseJson(request.responseText)
      if (request.status >= 200 && request.status < 300) {
        const answer = parsed as { offset?: unknown } | undefined
        if (typeof answer?.offset === 'number') resolve({ offset: answer.offset })
        else reject(new ApiError({ name: 'HttpError', message: 'The node answered an upload without its offset.', status: request.status }))
        return
      }
      const error = errorFromReply(request.status, request.statusText, parsed, request.getResponseHeader('Retry-After'))
      if (error.status === 401 && error.name === 'UnauthenticatedError') reportUnauthenticated()
      reject(error)
    }
    request.onerror = () => {
      settle()
      reject(new ApiError({ name: 'NetworkError', message: 'The node did not answer.', status: 0 }))
    }
    request.onabort = () => {
      settle()
      if (stalled) reject(new ApiError({ name: 'NetworkError', message: `The node stopped answering (nothing for ${stallTimeoutMs / 1000} s).`, status: 0 }))
      else reject(signal.reason ?? new DOMException('The upload was stopped.', 'AbortError'))
    }
    signal.addEventListener('abort', onAbort, { once: true })
    // As a Blob: the browser copies the bytes once into its blob store and streams the
    // request from there (in Chromium several times faster than a typed-array body), and
    // the caller may reuse its buffer at once.
    request.send(new Blob([body as Uint8Array<ArrayBuffer>]))
  })
}

export const httpUploadTransport: UploadTransport = {
  create: async (size, signal) => await api.post<UploadCreated>('/api/uploads', { size }, { signal }),
  status: async (id, signal) => await api.get<UploadState>(uploadPath(id), { signal }),
  put: putCiphertext,
  complete: async (id, record: FileRecordInput, signal) => await api.post<UploadCompleted>(`${uploadPath(id)}/complete`, record, { signal }),
  discard: async (id) => { await api.delete(uploadPath(id)) }
}
