// POST /api/auth/logout (owner): ends this session and clears its cookie.

import { clearedSessionCookie } from '../auth/cookie.ts'
import { emptyReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { OwnerContext } from '../router.ts'

export async function logout ({ services, session, secure }: OwnerContext): Promise<Reply> {
  services.sessions.delete(session.token)
  return emptyReply(204, { 'Set-Cookie': clearedSessionCookie(secure) })
}
