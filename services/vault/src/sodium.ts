// libsodium through its WASM build (libsodium-wrappers), not the native addon: the vault is
// bundled by esbuild into one .mjs, and a bundle cannot carry a native addon.

import sodium from 'libsodium-wrappers'

export type Sodium = typeof sodium

/** Resolves once the WASM module is instantiated; every later call shares it. */
export async function loadSodium (): Promise<Sodium> {
  await sodium.ready
  return sodium
}
