// How fast `pc2 upload` can encrypt on this machine: a file read from disk and encrypted
// with the fastest backend (sodium-native where its addon loads), the ciphertext dropped,
// on one core (the CLI encrypts on the main thread). The figure includes the reads, so run
// it on a file the page cache already holds to measure the cipher rather than the disk.

import { stat } from 'node:fs/promises'
import { FileEncryptor, generateFileKey } from '@pc2/core/file-format'
import { loadFastestBackend } from '@pc2/core/file-format/native'
import { encryptFile } from '../src/upload/encrypt-file.ts'

export async function benchEncrypt (file: string): Promise<{ encryptMiBs: number, backend: string }> {
  const backend = await loadFastestBackend()
  const size = (await stat(file)).size
  const encryptor = new FileEncryptor(backend, generateFileKey(backend), { name: 'bench', type: 'application/octet-stream', size })
  const started = performance.now()
  let sink = 0
  for await (const piece of encryptFile(file, encryptor)) sink += piece.byteLength
  const seconds = (performance.now() - started) / 1000
  if (sink === 0) throw new Error('no ciphertext came out')
  return { encryptMiBs: size / (1024 * 1024) / seconds, backend: backend.name }
}
