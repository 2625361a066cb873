// File keys travel as unpadded base64url (43 characters for 32 bytes): in share links,
// in the vault API and on the command line.

import type { SecretStreamBackend } from './backend.ts'
import { secretStream } from './backend.ts'
import { InvalidShareLinkError } from './errors.ts'

export function generateFileKey (backend: SecretStreamBackend): Uint8Array {
  return backend.randomBytes(secretStream.keyBytes)
}

export function encodeBase64Url (bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function decodeBase64Url (text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (character) => character.charCodeAt(0))
}

export function encodeFileKey (key: Uint8Array): string {
  return encodeBase64Url(key)
}

/** Decodes a file key; a key of the wrong length or alphabet is an error naming that. */
export function decodeFileKey (text: string): Uint8Array {
  const key = decodeBase64Url(text)
  if (key === undefined || key.byteLength !== secretStream.keyBytes) {
    throw new InvalidShareLinkError(`a file key is ${secretStream.keyBytes} bytes in base64url (43 characters); got "${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`)
  }
  return key
}
