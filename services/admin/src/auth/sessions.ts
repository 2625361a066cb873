// Admin sessions, in memory only: a restart of pc2-admin signs everyone out, and nothing
// that grants access ever lands on disk. The token is the cookie; the CSRF token is handed
// to the page, which must echo it on every state-changing request.

import { randomBytes } from 'node:crypto'

export interface Session {
  token: string
  /** The owner's address, EIP-55 checksummed. */
  address: string
  csrfToken: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

export interface SessionStore {
  create (address: string, lifetimeMs: number): Session
  /** The session behind `token`, unless it is unknown or expired. */
  get (token: string | undefined): Session | undefined
  delete (token: string): void
}

export interface SessionStoreInit {
  now?: () => number
  /** Most sessions held at once; the oldest goes first. The owner has a few browsers, not thousands. */
  capacity?: number
}

export function createSessionStore (init: SessionStoreInit = {}): SessionStore {
  const now = init.now ?? Date.now
  const capacity = init.capacity ?? 64
  const sessions = new Map<string, Session>()

  return {
    create (address, lifetimeMs) {
      for (const [token, session] of sessions) if (session.expiresAt <= now()) sessions.delete(token)
      while (sessions.size >= capacity) {
        const oldest = sessions.keys().next().value
        if (oldest === undefined) break
        sessions.delete(oldest)
      }
      const session: Session = {
        token: randomToken(),
        address,
        csrfToken: randomToken(),
        expiresAt: now() + lifetimeMs
      }
      sessions.set(session.token, session)
      return session
    },
    get (token) {
      if (token === undefined) return undefined
      const session = sessions.get(token)
      if (session === undefined) return undefined
      if (session.expiresAt <= now()) {
        sessions.delete(token)
        return undefined
      }
      return session
    },
    delete (token) {
      sessions.delete(token)
    }
  }
}

/** 256 random bits, URL- and cookie-safe. */
export function randomToken (): string {
  return randomBytes(32).toString('base64url')
}
