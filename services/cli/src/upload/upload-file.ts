// `pc2 upload`'s work: encrypt a file from disk with a fresh key while sending it to the
// node as @pc2/core's resumable upload (which resumes by itself through network failures
// and node restarts), then complete it with the key and metadata, which the node keeps in
// its vault. Answers the share link.

import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { ReadableStream } from 'node:stream/web'
import type { AbortOptions } from '@pc2/core'
import { resumableUpload } from '@pc2/core/client/resumable-upload'
import type { UploadProgress } from '@pc2/core/client/resumable-upload'
import type { UploadTransport } from '@pc2/core/client/upload-transport'
import { ciphertextSize, encodeFileKey, FileEncryptor, formatShareLink, generateFileKey, safeFileName } from '@pc2/core/file-format'
import type { FileMetadata, SecretStreamBackend } from '@pc2/core/file-format'
import { SourceFileError } from '../errors.ts'
import type { Progress } from '../progress.ts'
import { encryptFile } from './encrypt-file.ts'
import { mediaTypeOf } from './media-type.ts'

export interface UploadInit {
  file: string
  /** What the ciphertext will say about the file (describeFile). */
  metadata: FileMetadata
  /** Ciphertext bytes per PUT. */
  requestBytes?: number
}

export interface UploadComponents {
  backend: SecretStreamBackend
  transport: UploadTransport
  /** The node's origin, for the share link. */
  origin: string
  /** Counts ciphertext bytes the node acknowledged, of ciphertextSize(metadata.size); says each retry. */
  progress: Progress
}

export interface UploadResult {
  cid: string
  link: string
  metadata: FileMetadata
}

export const defaultRequestBytes = 16 * 1024 * 1024

/** What the person reads while the upload waits for the node. */
function describeRetry (update: UploadProgress): string {
  return `${(update.lastError as Error).message}; retrying in ${((update.retryInMs ?? 0) / 1000).toFixed(1)} s`
}

export async function uploadFile (init: UploadInit, components: UploadComponents, options: AbortOptions = {}): Promise<UploadResult> {
  const { backend, transport, progress } = components
  const { metadata } = init
  const key = generateFileKey(backend)
  try {
    const completed = await resumableUpload({
      transport,
      source: ReadableStream.from(encryptFile(init.file, new FileEncryptor(backend, key, metadata), options)),
      size: ciphertextSize(metadata.size),
      record: { key: encodeFileKey(key), metadata },
      requestBytes: init.requestBytes ?? defaultRequestBytes,
      signal: options.signal,
      onProgress: (update) => {
        if (update.phase === 'reconnecting') progress.note(`pc2: ${describeRetry(update)}`)
        else progress.update(update.acknowledgedBytes)
      }
    })
    progress.finish(`uploaded ${metadata.name}`)
    return { cid: completed.cid, link: formatShareLink(components.origin, completed.cid, key), metadata }
  } catch (error) {
    progress.abandon()
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
