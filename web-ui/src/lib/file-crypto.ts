// The one door to the file format (services/core/src/file-format) and libsodium. libsodium's
// WebAssembly is about 150 KiB gzip, several times the rest of the UI, so lib/crypto-module.ts
// is a chunk of its own that loads on first use (an upload, a download, a purchase): the first
// screen never waits for it. Instantiating WASM needs `'wasm-unsafe-eval'` in the CSP.

import type { SecretStreamBackend } from '@pc2/core/file-format'

export type FileFormat = typeof import('@pc2/core/file-format')
export type Sodium = typeof import('libsodium-wrappers').default

export interface FileCrypto {
  format: FileFormat
  backend: SecretStreamBackend
  /** libsodium itself, ready (the storefront opens sealed boxes with it). */
  sodium: Sodium
}

let loading: Promise<FileCrypto> | undefined

export function loadFileCrypto (): Promise<FileCrypto> {
  if (loading !== undefined) return loading
  const started: Promise<FileCrypto> = import('./crypto-module.ts').then(async (module) => {
    const backend = await module.loadSodiumWrappersBackend()
    await module.sodium.ready
    return { format: module, backend, sodium: module.sodium }
  })
  // A failed load (a network hiccup, an updated node) may be retried.
  started.catch(() => { if (loading === started) loading = undefined })
  loading = started
  return started
}
