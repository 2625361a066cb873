// The route types and the lookup. Every route states its access level; the server (not the
// handler) enforces it, so an owner route cannot forget its check. A path that exists with
// another method is a 405 naming the allowed methods, not a 404; HEAD is served by every GET
// route, as HTTP expects. The one wildcard, `/*`, takes every GET outside /api/ (the UI).

import { MethodNotAllowedError, NotFoundError } from '@pc2/core'
import type { AnyReply } from './http.ts'
import type { RequestFacts } from './request.ts'
import type { AdminServices } from './services.ts'
import type { Session } from './auth/sessions.ts'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'
export type Access = 'public' | 'owner'

export interface RouteContext extends RequestFacts {
  /** The caller's valid session, if the request carried one. */
  session: Session | undefined
  services: AdminServices
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
  access: 'owner'
  handler: (context: OwnerContext) => Promise<AnyReply>
}

export type Route = PublicRoute | OwnerRoute

/** Methods that change state: their owner routes also need the CSRF token. */
export function changesState (method: Method): boolean {
  return method !== 'GET'
}

const wildcard = '/*'

function matches (route: Route, path: string): boolean {
  if (route.path === wildcard) return path !== '/api' && !path.startsWith('/api/')
  return route.path === path
}

export function findRoute (routes: readonly Route[], method: string, path: string): Route {
  const exact = routes.filter((route) => route.path === path)
  const candidates = exact.length > 0 ? exact : routes.filter((route) => matches(route, path))
  const route = candidates.find((candidate) => candidate.method === method || (method === 'HEAD' && candidate.method === 'GET'))
  if (route !== undefined) return route
  if (candidates.length === 0) throw new NotFoundError(`no route for ${method} ${path}`)
  const allow: string[] = candidates.map((candidate) => candidate.method)
  if (allow.includes('GET')) allow.push('HEAD')
  throw new MethodNotAllowedError(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { details: { allow } })
}
