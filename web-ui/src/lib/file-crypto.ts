// The one door to the file format (services/core/src/file-format) and libsodium. libsodium's
// WebAssembly is about 150 KiB gzip, several times the rest of the UI, so it is a chunk of
// its own that loads on first use: the first screen never waits for it, and the pages that
// need it ask for it here. Instantiating WASM needs `'wasm-unsafe-eval'` in the CSP.

import type { SecretStreamBackend } from '@pc2/core/file-format'

export type FileFormat = typeof import('@pc2/core/file-format')

export interface FileCrypto {
  format: FileFormat
  backend: SecretStreamBackend
}

let loading: Promise<FileCrypto> | undefined

export function loadFileCrypto (): Promise<FileCrypto> {
  loading ??= import('@pc2/core/file-format').then(async (format) => ({ format, backend: await format.loadSodiumWrappersBackend() }))
  // A failed load (a network hiccup, an updated node) may be retried.
  loading.catch(() => { loading = undefined })
  return loading
}
