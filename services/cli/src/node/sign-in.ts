// Signs in as the node's owner the way the web UI does (services/admin/API.md, "Claim and
// login"): a fresh nonce, an EIP-4361 message for this node's host and origin, signed with
// the owner's key (personal_sign), exchanged for the session cookie and CSRF token.

import type { AbortOptions, LoginRequest, NonceResponse, SignedInResponse } from '@pc2/core'
import { privateKeyToAccount } from 'viem/accounts'
import { createSiweMessage } from 'viem/siwe'
import { NodeApiError } from '../errors.ts'
import { apiError } from './client.ts'
import type { NodeClient, Session } from './client.ts'
import type { PrivateKey } from './owner-key.ts'

/** The node refuses messages that live longer than 10 minutes. */
const messageLifetimeMs = 5 * 60_000

export async function signIn (client: NodeClient, privateKey: PrivateKey, options: AbortOptions = {}): Promise<Session> {
  const account = privateKeyToAccount(privateKey)
  const { nonce, chainId } = await client.request<NonceResponse>('GET', '/api/auth/nonce', { signal: options.signal, timeoutMs: 30_000 })
  const issuedAt = new Date()
  const message = createSiweMessage({
    domain: client.address.host,
    address: account.address,
    statement: 'Sign in to PC2.',
    uri: client.address.origin,
    version: '1',
    chainId,
    nonce,
    issuedAt,
    expirationTime: new Date(issuedAt.getTime() + messageLifetimeMs)
  })
  const body: LoginRequest = { message, signature: await account.signMessage({ message }) }
  client.session = undefined
  const response = await client.fetch('POST', '/api/auth/login', { json: body, signal: options.signal, timeoutMs: 30_000 })
  const text = await response.text()
  if (!response.ok) throw apiError(`signing in to ${client.address.origin} as ${account.address}`, response, text)
  const signedIn = JSON.parse(text) as SignedInResponse
  const cookie = response.headers.getSetCookie().map((line) => line.split(';')[0] ?? '').find((pair) => pair.startsWith('pc2_session='))
  if (cookie === undefined) throw new NodeApiError(`${client.address.origin} signed us in but set no session cookie`, { status: response.status, remoteName: 'NoSessionCookie' })
  const session: Session = { cookie, csrfToken: signedIn.csrfToken }
  client.session = session
  return session
}
