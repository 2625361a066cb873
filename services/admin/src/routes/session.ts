// GET /api/auth/session (public): whether the node is claimed and whether this browser is
// signed in as its owner; a signed-in page gets its CSRF token back after a reload here.

import type { Reply, SessionResponse } from '@pc2/core'
import { jsonReply } from '@pc2/core'
import type { AdminRouteContext } from '../context.ts'

export async function describeSession ({ session, admin }: AdminRouteContext): Promise<Reply> {
  const claimed = admin.owner.current() !== undefined
  const body: SessionResponse = session === undefined
    ? { claimed, authenticated: false }
    : { claimed, authenticated: true, address: session.address, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() }
  return jsonReply(body)
}
