// `pc2 upload`'s work: encrypt a file from disk with a fresh key while sending it to the
// node's upload API (services/admin/API.md, "Upload flow"), then complete the upload with
// the key and metadata, which the node keeps in its vault. Answers the share link.

import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { AbortOptions, FileRecordInput, UploadCompleted, UploadCreated } from '@pc2/core'
import { ciphertextSize, encodeFileKey, FileEncryptor, formatShareLink, generateFileKey, safeFileName } from '@pc2/core/file-format'
import type { FileMetadata, SecretStreamBackend } from '@pc2/core/file-format'
import { SourceFileError } from '../errors.ts'
import type { NodeClient } from '../node/client.ts'
import type { Progress } from '../progress.ts'
import { encryptFile } from './encrypt-file.ts'
import { mediaTypeOf } from './media-type.ts'
import type { Recovery } from './recovery.ts'
import { sendCiphertext } from './send-ciphertext.ts'
import { createCiphertextWindow } from './window.ts'

export interface UploadInit {
  file: string
  /** What the ciphertext will say about the file (describeFile). */
  metadata: FileMetadata
  /** Ciphertext bytes per PUT. */
  requestBytes?: number
}

export interface UploadComponents {
  backend: SecretStreamBackend
  client: NodeClient
  recovery: Recovery
  /** Counts ciphertext bytes the node acknowledged, of ciphertextSize(metadata.size). */
  progress: Progress
}

export interface UploadResult {
  cid: string
  link: string
  metadata: FileMetadata
}

export const defaultRequestBytes = 16 * 1024 * 1024

export async function uploadFile (init: UploadInit, components: UploadComponents, options: AbortOptions = {}): Promise<UploadResult> {
  const { backend, client, recovery, progress } = components
  const { metadata } = init
  const key = generateFileKey(backend)
  const encryptor = new FileEncryptor(backend, key, metadata)
  const size = ciphertextSize(metadata.size)
  const upload = await recovery.run(async () => await client.request<UploadCreated>('POST', '/api/uploads', { json: { size }, signal: options.signal, timeoutMs: 60_000 }))
  const path = `/api/uploads/${encodeURIComponent(upload.id)}`
  try {
    const source = encryptFile(init.file, encryptor, options)
    const window = createCiphertextWindow(source, init.requestBytes ?? defaultRequestBytes)
    await sendCiphertext(upload, window, { client, recovery, onProgress: (offset) => { progress.update(offset) } }, options)
    // Completing twice gives the same answer, so a reply lost on the way is simply asked again.
    const record: FileRecordInput = { key: encodeFileKey(key), metadata }
    const completed = await recovery.run(async () => await client.request<UploadCompleted>('POST', `${path}/complete`, {
      json: record,
      signal: options.signal,
      timeoutMs: 10 * 60_000
    }))
    progress.finish(`uploaded ${metadata.name}`)
    return { cid: completed.cid, link: formatShareLink(client.address.origin, completed.cid, key), metadata }
  } catch (error) {
    progress.abandon()
    // Frees the space the session reserved; the key is gone with this process, so the
    // session could never be completed anyway.
    await client.request('DELETE', path, { timeoutMs: 10_000 }).catch(() => {})
    throw error
  }
}

/** The metadata of the file to upload: its size now, and its name as the format will clean it. */
export async function describeFile (file: string, name: string | undefined): Promise<FileMetadata> {
  let size: number
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new SourceFileError(`${file} is not a regular file`)
    size = info.size
  } catch (error) {
    if (error instanceof SourceFileError) throw error
    throw new SourceFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  // The name the vault stores must be the very name the ciphertext carries, which the
  // format cleans the same way.
  const cleanName = safeFileName(name ?? basename(file))
  return { name: cleanName, type: mediaTypeOf(cleanName), size }
}
