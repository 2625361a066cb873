// A shared file from its link to a Blob the visitor can save: the key comes from the
// link's fragment and never leaves this tab; the ciphertext comes from the node's gateway
// and is decrypted as it arrives. Plaintext collects in Blobs (Chromium keeps large ones on
// disk, not in the tab's memory), and the whole is handed back only after the final frame
// authenticated: a wrong key, a damaged or a cut-off file is an error, never a file.

import type { FileMetadata } from '@pc2/core/file-format'
import { loadFileCrypto } from './file-crypto.ts'
import { resumableFetch } from './resumable-fetch.ts'
import type { ResumableFetchOptions } from './resumable-fetch.ts'

export interface DownloadedFile {
  blob: Blob
  metadata: FileMetadata
}

export interface DownloadOptions {
  signal?: AbortSignal
  /** Once frame 0 authenticated: the file's name, type and size. */
  onMetadata?: (metadata: FileMetadata) => void
  /** Ciphertext bytes received, of the total when known. */
  onProgress?: (receivedBytes: number, totalBytes: number | undefined) => void
  onResume?: ResumableFetchOptions['onResume']
  fetch?: typeof fetch
  wait?: ResumableFetchOptions['wait']
}

/** Plaintext arrives in frames of 64 KiB; they are packed into Blobs of about this size. */
const blobPartBytes = 8 * 1024 * 1024

/** Collects a stream into one Blob without keeping more than one part in JS memory. */
export async function collectBlob (stream: ReadableStream<Uint8Array>, type = ''): Promise<Blob> {
  const parts: Blob[] = []
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  const flush = (): void => {
    if (pending.length === 0) return
    parts.push(new Blob(pending as Array<Uint8Array<ArrayBuffer>>))
    pending = []
    pendingBytes = 0
  }
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    pending.push(value)
    pendingBytes += value.byteLength
    if (pendingBytes >= blobPartBytes) flush()
  }
  flush()
  return new Blob(parts, { type })
}

export async function downloadSharedFile (link: string, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const { format } = await loadFileCrypto()
  const { cid, key } = format.parseShareLink(link)
  return await downloadFile(cid, key, options)
}

/** The file `cid` from this node's gateway, decrypted with `key` (a share link's, or one a shop delivered). */
export async function downloadFile (cid: string, key: Uint8Array, options: DownloadOptions = {}): Promise<DownloadedFile> {
  const { format, backend } = await loadFileCrypto()
  const body = await resumableFetch(`/ipfs/${encodeURIComponent(cid)}`, { signal: options.signal, onResume: options.onResume, fetch: options.fetch, wait: options.wait })

  let metadata: FileMetadata | undefined
  let total = body.totalBytes
  let received = 0
  options.onProgress?.(0, total)
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform (chunk, controller) {
      received += chunk.byteLength
      options.onProgress?.(received, total)
      controller.enqueue(chunk)
    }
  })
  const plaintext = body.stream
    .pipeThrough(counter)
    .pipeThrough(format.decryptTransform(backend, key, {
      onMetadata: (found, expectedBytes) => {
        metadata = found
        total ??= expectedBytes
        options.onMetadata?.(found)
      }
    }))
  const blob = await collectBlob(plaintext)
  // decryptTransform ends cleanly only after the final frame, so metadata is known here.
  if (metadata === undefined) throw new format.TruncatedFileError('the file ended before its metadata')
  return { blob: blob.slice(0, blob.size, metadata.type), metadata }
}
