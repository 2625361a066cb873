// What claim and login share: checking the signed message against this request and node,
// and the end of a successful sign-in — a new session, its cookie, and the CSRF token.

import type { SignedInResponse } from '@pc2/core'
import { sessionCookie } from '../auth/cookie.ts'
import type { SignInMessage } from '../auth/sign-in-message.ts'
import { verifySignIn } from '../auth/verify-sign-in.ts'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'

/** Verifies `message` for the host this request reached and the node's chain; the signer. */
export async function verifySignInFor ({ services, host }: RouteContext, message: SignInMessage): Promise<string> {
  return await verifySignIn(message, {
    host,
    chainId: services.settings.current()['auth.chainId'],
    nonces: services.nonces,
    now: services.now(),
    clockKnown: services.clockKnown()
  })
}

export function signedInReply ({ services, session: previous, secure }: RouteContext, address: string): Reply {
  // Signing in again replaces the browser's old session rather than leaving it alive.
  if (previous !== undefined) services.sessions.delete(previous.token)
  const lifetimeSeconds = services.settings.current()['auth.sessionHours'] * 3600
  const session = services.sessions.create(address, lifetimeSeconds * 1000)
  const body: SignedInResponse = { address, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() }
  return { ...jsonReply(body), headers: { 'Set-Cookie': sessionCookie(session.token, lifetimeSeconds, secure) } }
}

/** Logs a refused sign-in (who, why) for the owner's audit trail, and passes the error on. */
export function refused (context: RouteContext, what: 'claim' | 'login', error: unknown): never {
  context.services.logger.info(`${what} refused`, { reason: (error as Error).name, client: context.client })
  throw error
}
