// Matching paths to the route table and deciding where the session allows you to be.
// Pure functions; the History API side lives in navigation.ts.

export const homePath = '/'
export const claimPath = '/claim'
export const loginPath = '/login'

export interface RouteShape {
  /** A path, where a `:name` segment matches any one segment (`/f/:cid`). */
  path: string
  requiresOwner: boolean
  /** A page for anyone, outside the admin: no session needed, no redirects (share links). */
  standalone?: boolean
}

/** `/system/` and `/system` are the same page; `/` stays `/`. */
export function normalizePath (pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, '')
  return trimmed === '' ? '/' : trimmed
}

/** The `:name` segments of `pattern` in `pathname`, or undefined when it does not match. */
export function matchPath (pattern: string, pathname: string): Record<string, string> | undefined {
  const wanted = normalizePath(pattern).split('/')
  const actual = normalizePath(pathname).split('/')
  if (wanted.length !== actual.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, segment] of wanted.entries()) {
    const value = actual[index] ?? ''
    if (segment.startsWith(':')) {
      if (value === '') return undefined
      try {
        params[segment.slice(1)] = decodeURIComponent(value)
      } catch {
        return undefined
      }
    } else if (segment !== value) {
      return undefined
    }
  }
  return params
}

export function matchRoute<Route extends RouteShape> (routes: readonly Route[], pathname: string): Route | undefined {
  return routes.find((route) => matchPath(route.path, pathname) !== undefined)
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
 * standalone pages are for anyone, an unclaimed node only offers the claim page, a
 * claimed one asks for login before any owner page, and a signed-in owner has no business
 * on claim or login.
 */
export function redirectFor (session: SessionShape, route: RouteShape | undefined, pathname: string, search: string): string | undefined {
  const path = normalizePath(pathname)
  if (route?.standalone === true) return undefined
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
