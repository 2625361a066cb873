// The libsodium-wrappers (WASM) backend: runs in every browser and in Node.

import sodium from 'libsodium-wrappers'
import type { PullState, PushState, SecretStreamBackend } from './backend.ts'

let ready: Promise<SecretStreamBackend> | undefined

/** Resolves once libsodium's WASM is instantiated; later calls share the same backend. */
export function loadSodiumWrappersBackend (): Promise<SecretStreamBackend> {
  ready ??= sodium.ready.then(() => wrappersBackend)
  return ready
}

const wrappersBackend: SecretStreamBackend = {
  name: 'libsodium-wrappers',
  randomBytes: (length) => sodium.randombytes_buf(length),
  initPush (key) {
    const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key)
    const push: PushState = {
      push: (message, tag, additionalData) =>
        sodium.crypto_secretstream_xchacha20poly1305_push(state, message, additionalData ?? null, tag)
    }
    return { header, state: push }
  },
  initPull (header, key) {
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header, key)
    const pull: PullState = {
      pull (frame, additionalData) {
        try {
          const result = sodium.crypto_secretstream_xchacha20poly1305_pull(state, frame, additionalData ?? null)
          // The wrappers return false (older versions) or throw when a frame fails to authenticate.
          if (result === false || result === undefined || result === null) return undefined
          return { message: result.message, tag: result.tag }
        } catch {
          return undefined
        }
      }
    }
    return pull
  }
}
