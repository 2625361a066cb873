// The SIWE checks of API.md, in its order, each refusing with its own error. Verification is
// offline (plain EOA personal_sign, recovered locally): signing in never needs a chain
// endpoint, so it works on a LAN with no internet at all.

import { getAddress, verifyMessage } from 'viem'
import {
  ChainIdMismatchError, DomainMismatchError, MessageExpiredError, NonceInvalidError, SignatureInvalidError,
  UriMismatchError
} from '@pc2/core'
import type { NonceStore } from './nonces.ts'
import type { SignInMessage } from './sign-in-message.ts'

export interface SignInExpectations {
  /** The request's Host header. */
  host: string | undefined
  chainId: number
  nonces: NonceStore
  now: number
  /**
   * Whether `now` is right (auth/clock.ts). When it is not — a Raspberry Pi before NTP
   * answers — the message's times are not held against it: the single-use nonce this node
   * issued under 10 minutes ago is what proves the message fresh.
   */
  clockKnown: boolean
}

export const maxMessageLifetimeMs = 10 * 60_000
/** How far ahead of this node's clock a browser's clock may be. */
export const clockSkewMs = 60_000

/** Resolves with the signer's checksummed address, or rejects with the first failed check. */
export async function verifySignIn (message: SignInMessage, expected: SignInExpectations): Promise<string> {
  const host = expected.host?.toLowerCase()
  if (host === undefined || message.domain.toLowerCase() !== host) {
    throw new DomainMismatchError(`the message is for ${message.domain}, but this request was sent to ${expected.host ?? 'no host'}`)
  }
  if (!sameOrigin(message.uri, host)) throw new UriMismatchError(`the message's URI ${message.uri} is not on http(s)://${host}`)
  if (message.chainId !== expected.chainId) {
    throw new ChainIdMismatchError(`the message names chain ${message.chainId}; this node signs in on chain ${expected.chainId}`)
  }
  checkLifetime(message, expected.now, expected.clockKnown)
  if (!expected.nonces.consume(message.nonce)) {
    throw new NonceInvalidError('the nonce was not issued by this node, was used already, or is older than 10 minutes')
  }
  let valid = false
  try {
    valid = await verifyMessage({ address: getAddress(message.address), message: message.text, signature: message.signature as `0x${string}` })
  } catch {
    // A signature that is not even hex of the right shape is as invalid as a wrong one.
  }
  if (!valid) throw new SignatureInvalidError(`the signature is not ${message.address}'s signature of this message`)
  return getAddress(message.address)
}

function sameOrigin (uri: string, host: string): boolean {
  const origin = new URL(uri).origin
  return [`http://${host}`, `https://${host}`].some((candidate) => URL.canParse(candidate) && new URL(candidate).origin === origin)
}

function checkLifetime (message: SignInMessage, now: number, clockKnown: boolean): void {
  const { issuedAt, expirationTime, notBefore } = message
  if (expirationTime === undefined) throw new MessageExpiredError('the message must have an Expiration Time')
  if (expirationTime.getTime() - issuedAt.getTime() > maxMessageLifetimeMs) {
    throw new MessageExpiredError('the message may be valid for at most 10 minutes after it was issued')
  }
  if (!clockKnown) return
  if (expirationTime.getTime() <= now) throw new MessageExpiredError('the message has expired')
  if (issuedAt.getTime() > now + clockSkewMs) throw new MessageExpiredError('the message was issued in the future; check the clock')
  if (notBefore !== undefined && notBefore.getTime() > now + clockSkewMs) throw new MessageExpiredError('the message is not valid yet')
}
