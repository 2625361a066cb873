// Web Streams adapters, for the browser's fetch bodies and Node's stream/web alike.

import type { SecretStreamBackend } from './backend.ts'
import { FileDecryptor } from './decrypt.ts'
import { FileEncryptor } from './encrypt.ts'
import type { EncryptOptions } from './encrypt.ts'
import type { FileMetadata } from './metadata.ts'

export function encryptTransform (backend: SecretStreamBackend, key: Uint8Array, metadata: FileMetadata, options: EncryptOptions = {}): TransformStream<Uint8Array, Uint8Array> {
  const encryptor = new FileEncryptor(backend, key, metadata, options)
  return new TransformStream({
    transform (chunk, controller) {
      for (const piece of encryptor.update(chunk)) controller.enqueue(piece)
    },
    flush (controller) {
      for (const piece of encryptor.final()) controller.enqueue(piece)
    }
  })
}

export interface DecryptTransformOptions {
  /** Called once, when frame 0 has authenticated. */
  onMetadata?: (metadata: FileMetadata, expectedBytes: number) => void
}

/** Plaintext out as it authenticates; the stream errors (never ends cleanly) on any fault. */
export function decryptTransform (backend: SecretStreamBackend, key: Uint8Array, options: DecryptTransformOptions = {}): TransformStream<Uint8Array, Uint8Array> {
  const decryptor = new FileDecryptor(backend, key)
  let announced = false
  return new TransformStream({
    transform (chunk, controller) {
      for (const piece of decryptor.update(chunk)) controller.enqueue(piece)
      if (!announced && decryptor.metadata !== undefined) {
        announced = true
        options.onMetadata?.(decryptor.metadata, decryptor.expectedBytes ?? 0)
      }
    },
    flush (controller) {
      for (const piece of decryptor.final()) controller.enqueue(piece)
    }
  })
}
