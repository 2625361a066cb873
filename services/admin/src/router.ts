// The route types and the lookup. Every route states its access level; the server (not the
// handler) enforces it, so an owner route cannot forget its check. A path that exists with
// another method is a 405 naming the allowed methods, not a 404; HEAD is served by every GET
// route, as HTTP expects. The one wildcard, `/*`, takes every GET outside /api/ (the UI).

import { InvalidInputError, MethodNotAllowedError, NotFoundError } from '@pc2/core'
import type { AnyReply } from './http.ts'
import type { RequestFacts } from './request.ts'
import type { AdminServices } from './services.ts'
import type { Session } from './auth/sessions.ts'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
/**
 * public: anyone. owner: the owner's session, and the CSRF token on changes (the UI's API).
 * app: the owner's session, and an own-origin form post on changes: a web app's pages are
 * plain HTML forms, which cannot send the token (routes/apps.ts).
 */
export type Access = 'public' | 'owner' | 'app'

export interface RouteContext extends RequestFacts {
  /** The caller's valid session, if the request carried one. */
  session: Session | undefined
  services: AdminServices
  /** Values of the route's `:name` segments, and `*` for a prefix route's rest. */
  params: Readonly<Record<string, string>>
}

/** What an owner route's handler sees: the server has already checked session and CSRF. */
export interface OwnerContext extends RouteContext {
  session: Session
}

export interface PublicRoute {
  method: Method
  path: string
  access: 'public'
  handler: (context: RouteContext) => Promise<AnyReply>
}

export interface OwnerRoute {
  method: Method
  path: string
  access: 'owner' | 'app'
  handler: (context: OwnerContext) => Promise<AnyReply>
}

export type Route = PublicRoute | OwnerRoute

/** Methods that change state: their owner routes also need the CSRF token. */
export function changesState (method: Method): boolean {
  return method !== 'GET'
}

const wildcard = '/*'

/** The route's parameters when `path` matches its pattern, else undefined. */
export function matchPath (pattern: string, path: string): Record<string, string> | undefined {
  if (pattern === wildcard) return path !== '/api' && !path.startsWith('/api/') ? {} : undefined
  if (pattern.endsWith('/*')) {
    const prefix = pattern.slice(0, -1)
    return path.startsWith(prefix) && path.length > prefix.length ? { '*': path.slice(prefix.length) } : undefined
  }
  const patternSegments = pattern.split('/')
  const pathSegments = path.split('/')
  if (patternSegments.length !== pathSegments.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, segment] of patternSegments.entries()) {
    const actual = pathSegments[index] ?? ''
    if (segment.startsWith(':')) {
      if (actual === '') return undefined
      params[segment.slice(1)] = decodeSegment(actual)
    } else if (segment !== actual) {
      return undefined
    }
  }
  return params
}

function decodeSegment (segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new InvalidInputError(`path segment "${segment}" is not valid percent-encoding`)
  }
}

export interface FoundRoute {
  route: Route
  params: Record<string, string>
}

export function findRoute (routes: readonly Route[], method: string, path: string): FoundRoute {
  const specific = routes.filter((route) => route.path !== wildcard && matchPath(route.path, path) !== undefined)
  const candidates = specific.length > 0 ? specific : routes.filter((route) => route.path === wildcard && matchPath(route.path, path) !== undefined)
  const route = candidates.find((candidate) => candidate.method === method || (method === 'HEAD' && candidate.method === 'GET'))
  if (route !== undefined) return { route, params: matchPath(route.path, path) ?? {} }
  if (candidates.length === 0) throw new NotFoundError(`no route for ${method} ${path}`)
  const allow: string[] = [...new Set(candidates.map((candidate) => candidate.method))]
  if (allow.includes('GET')) allow.push('HEAD')
  throw new MethodNotAllowedError(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { details: { allow } })
}
