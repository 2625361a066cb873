// An app package stored encrypted, in PC2's file format (services/core/src/file-format/FORMAT.md):
// what an owner uploads through the Files page, or a buyer receives from a FileShop sale. With
// the file key (the `#k=` of a share link) the package is decrypted here, every frame
// authenticated; a wrong key, a tampered or cut-off file is refused by name (WrongKeyError,
// TamperedFileError, TruncatedFileError) and nothing is installed.

import { decodeFileKey, FileDecryptor, concat, loadSodiumWrappersBackend } from '@pc2/core/file-format'
import type { SecretStreamBackend } from '@pc2/core/file-format'
import { InvalidInputError } from '@pc2/core'

let backend: Promise<SecretStreamBackend> | undefined

/** The package's bytes: `bytes` as they are without a key, decrypted with one. */
export async function openPackage (bytes: Uint8Array, key: string | undefined): Promise<Uint8Array> {
  if (key === undefined) return bytes
  let fileKey: Uint8Array
  try {
    fileKey = decodeFileKey(key)
  } catch (error) {
    throw new InvalidInputError(`key: ${(error as Error).message}`, { details: { field: 'key' }, cause: error })
  }
  backend ??= loadSodiumWrappersBackend()
  const decryptor = new FileDecryptor(await backend, fileKey)
  return concat([...decryptor.update(bytes), ...decryptor.final()])
}
