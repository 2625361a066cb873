// The ciphertext of a file on disk, produced as it is read: one read buffer and one chunk of
// the encryptor in memory, whatever the file's size. The size was fixed when the upload
// was opened (it is in the metadata and in the ciphertext size), so a file that grows or
// shrinks meanwhile is an error, not a corrupt upload.

import { createReadStream } from 'node:fs'
import type { AbortOptions } from '@pc2/core'
import type { FileEncryptor } from '@pc2/core/file-format'
import { InvalidFileMetadataError } from '@pc2/core/file-format'
import { SourceFileError } from '../errors.ts'

const readBytes = 1024 * 1024

export async function * encryptFile (path: string, encryptor: FileEncryptor, options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: readBytes, ...(options.signal === undefined ? {} : { signal: options.signal }) })
  try {
    for await (const chunk of stream) yield * encryptor.update(chunk as Buffer)
    yield * encryptor.final()
  } catch (error) {
    if (error instanceof InvalidFileMetadataError) throw new SourceFileError(`${path} changed while it was being uploaded: ${error.message}`, { cause: error })
    if (options.signal?.aborted !== true && (error as NodeJS.ErrnoException).code !== undefined) {
      throw new SourceFileError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`, { cause: error })
    }
    throw error
  } finally {
    stream.destroy()
  }
}
