// Binary values in the vault's API and files are unpadded base64url (API.md), read strictly:
// a value of the wrong alphabet or length is a 400 naming the field, never a silent guess.

import { decodeBase64Url, encodeBase64Url } from '@pc2/core/file-format'
import { InvalidInputError } from '@pc2/core'

export { encodeBase64Url }

/** Decodes `field`'s value, which must be exactly `bytes` bytes of unpadded base64url. */
export function decodeField (field: string, value: unknown, bytes: number): Uint8Array {
  const expected = `${bytes} bytes as unpadded base64url (${Math.ceil(bytes * 4 / 3)} characters)`
  const decoded = typeof value === 'string' ? decodeBase64Url(value) : undefined
  if (decoded === undefined || decoded.byteLength !== bytes) {
    const what = typeof value !== 'string' ? `is ${value === null ? 'null' : typeof value}` : decoded === undefined ? 'is not base64url' : `has ${decoded.byteLength} bytes`
    throw new InvalidInputError(`${field} ${what}; expected ${expected}`, { details: { field, expected } })
  }
  return decoded
}
