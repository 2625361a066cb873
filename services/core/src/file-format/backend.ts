// The one thing the file format needs from libsodium: crypto_secretstream_xchacha20poly1305
// and random bytes. Two implementations produce the same bytes: libsodium-wrappers (WASM,
// in the browser and anywhere) and sodium-native (the native library, about 4x faster, on
// the node and the CLI where its prebuilt addon loads).

export const secretStream = {
  keyBytes: 32,
  headerBytes: 24,
  /** Bytes each frame adds to its message: a tag byte and a 16-byte MAC. */
  frameOverhead: 17,
  tagMessage: 0,
  tagFinal: 3
} as const

export interface PushState {
  /** Encrypts one message into one frame. */
  push (message: Uint8Array, tag: number, additionalData?: Uint8Array): Uint8Array
}

export interface PulledFrame {
  message: Uint8Array
  tag: number
}

export interface PullState {
  /** Decrypts one frame; `undefined` when it does not authenticate. */
  pull (frame: Uint8Array, additionalData?: Uint8Array): PulledFrame | undefined
}

export interface SecretStreamBackend {
  readonly name: string
  randomBytes (length: number): Uint8Array
  initPush (key: Uint8Array): { header: Uint8Array, state: PushState }
  initPull (header: Uint8Array, key: Uint8Array): PullState
}
