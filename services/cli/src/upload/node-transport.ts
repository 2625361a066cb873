// The CLI's way of making the upload session calls (services/admin/API.md, "Files, storage
// and peers") for @pc2/core's resumable upload: the owner's session on every call
// (node/client.ts), a time limit per call so that a node that stopped answering counts as
// no answer, and a new sign-in when a restarted pc2-admin forgot the session.

import type { UploadCompleted, UploadCreated, UploadState } from '@pc2/core'
import type { UploadFailure, UploadTransport } from '@pc2/core/client/upload-transport'
import { NetworkError, NodeApiError } from '../errors.ts'
import type { NodeClient } from '../node/client.ts'

export interface NodeTransportComponents {
  client: NodeClient
  /** Signs the client in again as the owner. */
  signIn: (options: { signal?: AbortSignal }) => Promise<void>
  /** Told before each new sign-in. */
  onSessionLost: () => void
}

/** A window of ciphertext (16 MiB) gets this long; a link that slow is given up and resumed. */
const writeTimeoutMs = 5 * 60_000
/** The node completes a file within minutes even on a Pi (it hashes and pins what it stored). */
const completeTimeoutMs = 10 * 60_000
const callTimeoutMs = 60_000
const abortTimeoutMs = 10_000

/** NetworkError is no answer; NodeApiError carries the API's status and stable error name. */
function describeUploadFailure (error: unknown): UploadFailure {
  if (error instanceof NetworkError) return { kind: 'unreachable' }
  if (error instanceof NodeApiError) return { kind: 'refused', status: error.status, name: error.remoteName, retryAfterSeconds: error.retryAfterSeconds }
  return { kind: 'local' }
}

export function createNodeUploadTransport ({ client, signIn, onSessionLost }: NodeTransportComponents): UploadTransport {
  const path = (id: string): string => `/api/uploads/${encodeURIComponent(id)}`
  /**
   * Runs a call; when the node forgot the session, signs in and runs it once more. A sign-in
   * that fails for want of an answer is the upload's to retry, like any call.
   */
  const withSession = async <T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof NodeApiError && error.remoteName === 'UnauthenticatedError')) throw error
      onSessionLost()
      await signIn({ signal })
      return await call()
    }
  }
  return {
    create: async (size, { signal }) => await withSession(async () => await client.request<UploadCreated>('POST', '/api/uploads', { json: { size }, signal, timeoutMs: callTimeoutMs }), signal),
    status: async (id, { signal }) => await withSession(async () => await client.request<UploadState>('GET', path(id), { signal, timeoutMs: callTimeoutMs }), signal),
    write: async (id, offset, bytes, { signal }) => await withSession(async () => await client.request<{ offset: number }>('PUT', `${path(id)}?offset=${offset}`, { body: bytes, signal, timeoutMs: writeTimeoutMs }), signal),
    complete: async (id, record, { signal }) => await withSession(async () => await client.request<UploadCompleted>('POST', `${path(id)}/complete`, { json: record, signal, timeoutMs: completeTimeoutMs }), signal),
    // Not tied to the caller's signal: after Ctrl-C the session is still freed before pc2 exits.
    abort: async (id) => { await withSession(async () => await client.request('DELETE', path(id), { timeoutMs: abortTimeoutMs })) },
    describeFailure: describeUploadFailure
  }
}
