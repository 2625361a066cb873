// How a resumable upload reaches the node (services/admin/API.md, "Files, storage and
// peers"): open a session, ask where it stands, write ciphertext at an offset, complete it
// with the file's key, or give it up. The browser speaks it with fetch and XMLHttpRequest,
// the CLI with Node's fetch; resumable-upload.ts drives either the same way. Sessions are
// the transport's business: the CLI's signs in again when a restarted pc2-admin forgot the
// owner's session, the browser's lets the app show its sign-in page.

import type { FileRecordInput, UploadCompleted, UploadCreated, UploadState } from '../admin-api.ts'

export interface TransportCallOptions {
  signal: AbortSignal
}

export interface WriteOptions extends TransportCallOptions {
  /** Bytes of this request's body sent so far (not yet acknowledged), where the transport can tell. */
  onSent?: (bytes: number) => void
}

/** What a failed call means for the upload; only the transport knows its own error classes. */
export type UploadFailure =
  /** No answer: the connection failed, broke off or stalled. */
  | { kind: 'unreachable' }
  /** The node answered with an error: its HTTP status and the API's stable error name. */
  | { kind: 'refused', status: number, name: string, retryAfterSeconds?: number | undefined }
  /** A failure on this side (a bug, a file that cannot be read): never retried. */
  | { kind: 'local' }

export interface UploadTransport {
  /** POST /api/uploads: a session for `size` ciphertext bytes. */
  create (size: number, options: TransportCallOptions): Promise<UploadCreated>
  /** GET /api/uploads/<id>: how many bytes the node has made durable. */
  status (id: string, options: TransportCallOptions): Promise<UploadState>
  /** PUT /api/uploads/<id>?offset=: answers the offset the node acknowledges after it. */
  write (id: string, offset: number, bytes: Uint8Array<ArrayBuffer>, options: WriteOptions): Promise<{ offset: number }>
  /** POST /api/uploads/<id>/complete; the node answers a repeated call the same way. */
  complete (id: string, record: FileRecordInput, options: TransportCallOptions): Promise<UploadCompleted>
  /** DELETE /api/uploads/<id>: frees what the session holds. Sent even after the caller aborted. */
  abort (id: string): Promise<void>
  describeFailure (error: unknown): UploadFailure
}
