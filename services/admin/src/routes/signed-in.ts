// What claim and login share: checking the signed message against this request and node,
// and the end of a successful sign-in — a new session, its cookie, and the CSRF token.

import type { Reply, SignedInResponse } from '@pc2/core'
import { sessionCookie } from '../auth/cookie.ts'
import type { SignInMessage } from '../auth/sign-in-message.ts'
import { verifySignIn } from '../auth/verify-sign-in.ts'
import { jsonReply } from '@pc2/core'
import type { AdminRouteContext } from '../context.ts'

/** Verifies `message` for the host this request reached and the node's chain; the signer. */
export async function verifySignInFor ({ admin, host }: AdminRouteContext, message: SignInMessage): Promise<string> {
  return await verifySignIn(message, {
    host,
    chainId: admin.settings.current()['auth.chainId'],
    nonces: admin.nonces,
    now: admin.now(),
    clockKnown: admin.clockKnown()
  })
}

export function signedInReply ({ admin, session: previous, secure }: AdminRouteContext, address: string): Reply {
  // Signing in again replaces the browser's old session rather than leaving it alive.
  if (previous !== undefined) admin.sessions.delete(previous.token)
  const lifetimeSeconds = admin.settings.current()['auth.sessionHours'] * 3600
  const session = admin.sessions.create(address, lifetimeSeconds * 1000)
  const body: SignedInResponse = { address, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() }
  return { ...jsonReply(body), headers: { 'Set-Cookie': sessionCookie(session.token, lifetimeSeconds, secure) } }
}

/** Logs a refused sign-in (who, why) for the owner's audit trail, and passes the error on. */
export function refused (context: AdminRouteContext, what: 'claim' | 'login', error: unknown): never {
  context.admin.logger.info(`${what} refused`, { reason: (error as Error).name, client: context.client })
  throw error
}
