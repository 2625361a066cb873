// Matching paths to the route table and deciding where the session allows you to be.
// Pure functions; the History API side lives in navigation.ts.

export const homePath = '/'
export const claimPath = '/claim'
export const loginPath = '/login'

export interface RouteShape {
  path: string
  requiresOwner: boolean
}

/** `/system/` and `/system` are the same page; `/` stays `/`. */
export function normalizePath (pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed
}

export function matchRoute<Route extends RouteShape> (routes: readonly Route[], pathname: string): Route | undefined {
  const path = normalizePath(pathname)
  return routes.find((route) => route.path === path)
}

/** Only same-origin paths, so `?next=` cannot send anyone elsewhere. */
export function safeNextPath (search: string): string | undefined {
  const next = new URLSearchParams(search).get('next')
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined
  const path = normalizePath(next.split(/[?#]/)[0] ?? '/')
  if (path === loginPath || path === claimPath) return undefined
  return next
}

/** The login page, remembering where the owner wanted to go. */
export function loginPathFor (requested: string): string {
  const path = normalizePath(requested.split(/[?#]/)[0] ?? '/')
  if (path === homePath || path === loginPath || path === claimPath) return loginPath
  return `${loginPath}?next=${encodeURIComponent(requested)}`
}

export interface SessionShape {
  claimed: boolean
  authenticated: boolean
}

/**
 * Where to send someone who asked for `pathname` (+`search`), or undefined to show it:
 * an unclaimed node only offers the claim page, a claimed one asks for login before any
 * owner page, and a signed-in owner has no business on claim or login.
 */
export function redirectFor (session: SessionShape, route: RouteShape | undefined, pathname: string, search: string): string | undefined {
  const path = normalizePath(pathname)
  if (!session.claimed) return path === claimPath ? undefined : claimPath
  if (!session.authenticated) {
    if (path === loginPath) return undefined
    if (path === claimPath) return loginPath
    return route === undefined || route.requiresOwner ? loginPathFor(path + search) : undefined
  }
  if (path === loginPath) return safeNextPath(search) ?? homePath
  if (path === claimPath) return homePath
  return undefined
}
