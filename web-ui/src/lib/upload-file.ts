// One file from the owner's disk to the node, encrypted on the way: the browser reads the
// file as a stream, encrypts it with a fresh random key (FORMAT.md) and sends the
// ciphertext as a resumable upload (@pc2/core's, over upload-transport.ts). The plaintext
// never leaves this tab and is never held whole in memory; the key goes to the node's
// vault in the completing call.

import { resumableUpload } from '@pc2/core/client/resumable-upload'
import type { ResumableUploadOptions, UploadProgress } from '@pc2/core/client/resumable-upload'
import type { UploadTransport } from '@pc2/core/client/upload-transport'
import { encodeFileKey } from '@pc2/core/file-format/key'
import type { PlainFileMetadata, UploadCompleted } from './api-types.ts'
import { loadFileCrypto } from './file-crypto.ts'
import { httpUploadTransport } from './upload-transport.ts'

export interface UploadFileOptions {
  signal?: AbortSignal
  onProgress?: (progress: UploadProgress) => void
  transport?: UploadTransport
  wait?: ResumableUploadOptions['wait']
}

/** What the file format keeps of a media type; anything else travels as octet-stream. */
export function cleanMediaType (type: string): string {
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) && type.length <= 127 ? type : 'application/octet-stream'
}

export async function uploadFile (file: File, options: UploadFileOptions = {}): Promise<UploadCompleted> {
  const { format, backend } = await loadFileCrypto()
  const metadata: PlainFileMetadata = { name: format.safeFileName(file.name), type: cleanMediaType(file.type), size: file.size }
  const key = format.generateFileKey(backend)
  const source = file.stream().pipeThrough(format.encryptTransform(backend, key, metadata))
  return await resumableUpload({
    transport: options.transport ?? httpUploadTransport,
    source,
    size: format.ciphertextSize(file.size),
    record: { key: encodeFileKey(key), metadata },
    signal: options.signal,
    onProgress: options.onProgress,
    wait: options.wait
  })
}
