// Reads a sign-in body ({message, signature}) and the EIP-4361 message in it. Everything the
// later checks rely on must be present and well-formed here, so that a malformed message is
// one clear InvalidInputError rather than a confusing failure further down.

import { isAddress } from 'viem'
import { parseSiweMessage } from 'viem/siwe'
import { InvalidInputError } from '@pc2/core'

export interface SignInMessage {
  /** The exact text that was signed. */
  text: string
  signature: string
  address: string
  domain: string
  uri: string
  chainId: number
  nonce: string
  issuedAt: Date
  expirationTime: Date | undefined
  notBefore: Date | undefined
}

/** The longest message accepted; an EIP-4361 message with a short statement is ~400 bytes. */
const maxMessageLength = 4096

export function parseSignInBody (body: unknown): SignInMessage {
  const { message, signature } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  if (typeof message !== 'string' || typeof signature !== 'string') {
    throw new InvalidInputError('the body must be {"message": "<EIP-4361 text>", "signature": "0x…"}')
  }
  if (message.length > maxMessageLength) throw new InvalidInputError(`the message may be at most ${maxMessageLength} characters`)
  const fields = parseSiweMessage(message)
  const missing = (['domain', 'address', 'uri', 'version', 'chainId', 'nonce', 'issuedAt'] as const)
    .filter((field) => fields[field] === undefined)
  if (missing.length > 0) throw new InvalidInputError(`the message is not EIP-4361 text: no ${missing.join(', ')}`)
  const { domain = '', address = '', uri = '', chainId = 0, nonce = '', issuedAt } = fields
  if (fields.version !== '1') throw new InvalidInputError('the message must be EIP-4361 version 1')
  if (!isAddress(address, { strict: true })) throw new InvalidInputError('the message\'s address is not a valid EIP-55 address')
  if (!URL.canParse(uri)) throw new InvalidInputError('the message\'s URI is not a URI')
  for (const [name, time] of [['Issued At', issuedAt], ['Expiration Time', fields.expirationTime], ['Not Before', fields.notBefore]] as const) {
    if (time !== undefined && Number.isNaN(time.getTime())) throw new InvalidInputError(`the message's ${name} is not an RFC 3339 time`)
  }
  return {
    text: message,
    signature,
    address,
    domain,
    uri,
    chainId,
    nonce,
    issuedAt: issuedAt ?? new Date(Number.NaN),
    expirationTime: fields.expirationTime,
    notBefore: fields.notBefore
  }
}
