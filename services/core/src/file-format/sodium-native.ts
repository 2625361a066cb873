// The sodium-native backend: the system-speed libsodium through its prebuilt Node addon
// (x64 and arm64). Same bytes as the WASM backend. Node only; callers fall back to
// libsodium-wrappers when the addon does not load (see loadFastestBackend).

import { createRequire } from 'node:module'
import type { PullState, PushState, SecretStreamBackend } from './backend.ts'
import { secretStream } from './backend.ts'
import { loadSodiumWrappersBackend } from './sodium-wrappers.ts'

interface SodiumNative {
  randombytes_buf (buffer: Uint8Array): void
  crypto_secretstream_xchacha20poly1305_STATEBYTES: number
  crypto_secretstream_xchacha20poly1305_init_push (state: Uint8Array, header: Uint8Array, key: Uint8Array): void
  crypto_secretstream_xchacha20poly1305_push (state: Uint8Array, ciphertext: Uint8Array, message: Uint8Array, additionalData: Uint8Array | null, tag: number): number
  crypto_secretstream_xchacha20poly1305_init_pull (state: Uint8Array, header: Uint8Array, key: Uint8Array): void
  crypto_secretstream_xchacha20poly1305_pull (state: Uint8Array, message: Uint8Array, tag: Uint8Array, ciphertext: Uint8Array, additionalData: Uint8Array | null): number
}

function nativeBackend (sodium: SodiumNative): SecretStreamBackend {
  const stateBytes = sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES
  return {
    name: 'sodium-native',
    randomBytes (length) {
      const bytes = new Uint8Array(length)
      sodium.randombytes_buf(bytes)
      return bytes
    },
    initPush (key) {
      const state = new Uint8Array(stateBytes)
      const header = new Uint8Array(secretStream.headerBytes)
      sodium.crypto_secretstream_xchacha20poly1305_init_push(state, header, key)
      const push: PushState = {
        push (message, tag, additionalData) {
          const frame = new Uint8Array(message.byteLength + secretStream.frameOverhead)
          sodium.crypto_secretstream_xchacha20poly1305_push(state, frame, message, additionalData ?? null, tag)
          return frame
        }
      }
      return { header, state: push }
    },
    initPull (header, key) {
      const state = new Uint8Array(stateBytes)
      sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
      const tag = new Uint8Array(1)
      const pull: PullState = {
        pull (frame, additionalData) {
          if (frame.byteLength < secretStream.frameOverhead) return undefined
          const message = new Uint8Array(frame.byteLength - secretStream.frameOverhead)
          try {
            sodium.crypto_secretstream_xchacha20poly1305_pull(state, message, tag, frame, additionalData ?? null)
          } catch {
            return undefined
          }
          return { message, tag: tag[0] ?? -1 }
        }
      }
      return pull
    }
  }
}

/** sodium-native when its addon loads on this machine, else libsodium-wrappers. */
export async function loadFastestBackend (): Promise<SecretStreamBackend> {
  const native = loadSodiumNative<SodiumNative>()
  return native === undefined ? await loadSodiumWrappersBackend() : nativeBackend(native)
}

/**
 * The sodium-native addon, typed by the functions the caller uses; undefined where its
 * prebuilt addon does not load (another architecture, no addon): the caller falls back to
 * libsodium-wrappers, which gives the same bytes.
 */
export function loadSodiumNative<Functions> (): Functions | undefined {
  try {
    const require = createRequire(import.meta.url)
    return require('sodium-native') as Functions
  } catch {
    return undefined
  }
}
