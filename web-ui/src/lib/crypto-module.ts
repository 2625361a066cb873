// Everything libsodium-backed the browser needs, in one module so that esbuild makes it one
// lazily loaded chunk (lib/file-crypto.ts imports it): the file format for uploads and
// downloads, and libsodium's sealed boxes for the keys a shop delivers to its buyers.

export * from '@pc2/core/file-format'
export { default as sodium } from 'libsodium-wrappers'
