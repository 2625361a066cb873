// The PC2 encrypted file format (FORMAT.md): streaming encryption and decryption over
// libsodium's crypto_secretstream_xchacha20poly1305, file keys, share links. Runs in the
// browser (libsodium-wrappers) and in Node; `@pc2/core/file-format/native` adds the faster
// sodium-native backend for Node.

export * from './backend.ts'
export * from './errors.ts'
export * from './layout.ts'
export * from './metadata.ts'
export * from './key.ts'
export * from './share-link.ts'
export { FileEncryptor, concat } from './encrypt.ts'
export type { EncryptOptions } from './encrypt.ts'
export { FileDecryptor } from './decrypt.ts'
export * from './streams.ts'
export { loadSodiumWrappersBackend } from './sodium-wrappers.ts'
