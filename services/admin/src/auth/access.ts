// The two checks the server applies from the route table, before any owner handler runs:
// a valid session of the current owner, and, for requests that change state, the session's
// CSRF token plus (when the browser sends one) an Origin equal to this node's own.

import { timingSafeEqual } from 'node:crypto'
import { CsrfError, UnauthenticatedError } from '@pc2/core'
import type { IncomingHttpHeaders } from 'node:http'
import { readCookie, sessionCookieName } from './cookie.ts'
import type { Session, SessionStore } from './sessions.ts'

/** The request's session, if its cookie names a live session of the node's current owner. */
export function ownerSession (cookieHeader: string | undefined, sessions: SessionStore, ownerAddress: string | undefined): Session | undefined {
  const session = sessions.get(readCookie(cookieHeader, sessionCookieName))
  return session !== undefined && session.address === ownerAddress ? session : undefined
}

export function requireOwner (session: Session | undefined): Session {
  if (session === undefined) throw new UnauthenticatedError('sign in as the node\'s owner first')
  return session
}

export function checkCsrf (headers: IncomingHttpHeaders, session: Session): void {
  const token = headers['x-csrf-token']
  if (typeof token !== 'string' || !sameSecret(token, session.csrfToken)) {
    throw new CsrfError('the X-CSRF-Token header is missing or wrong; reload the page')
  }
  const origin = headers.origin
  if (origin !== undefined && !isOwnOrigin(origin, headers.host)) {
    throw new CsrfError(`requests from ${origin} may not change this node`)
  }
}

/**
 * A change through a web app's form: no token can ride along, so the browser's own word is
 * required instead: an Origin equal to this node's (browsers send one with every POST), and
 * no Sec-Fetch-Site other than same-origin. The session cookie is SameSite=Strict as well.
 */
export function checkFormOrigin (headers: IncomingHttpHeaders): void {
  const origin = headers.origin
  if (origin === undefined) throw new CsrfError('a change through an app must come from a page of this node (the request has no Origin)')
  if (!isOwnOrigin(origin, headers.host)) throw new CsrfError(`requests from ${origin} may not change this node`)
  const site = headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin') throw new CsrfError(`a ${String(site)} request may not change this node`)
}

function isOwnOrigin (origin: string, host: string | undefined): boolean {
  if (host === undefined) return false
  const lower = origin.toLowerCase()
  return lower === `http://${host.toLowerCase()}` || lower === `https://${host.toLowerCase()}`
}

function sameSecret (given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
