// POST /api/auth/logout (owner): ends this session and clears its cookie.

import { clearedSessionCookie } from '../auth/cookie.ts'
import { emptyReply } from '@pc2/core'
import type { Reply } from '@pc2/core'
import type { OwnerRouteContext } from '../context.ts'

export async function logout ({ admin, session, secure }: OwnerRouteContext): Promise<Reply> {
  admin.sessions.delete(session.token)
  return emptyReply(204, { 'Set-Cookie': clearedSessionCookie(secure) })
}
