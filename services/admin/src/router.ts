// Finds the route for a request. A path that exists with another method is a 405 naming
// the allowed methods, not a 404; HEAD is served by every GET route, as HTTP expects.

import { MethodNotAllowedError, NotFoundError } from '@pc2/core'
import type { Reply } from './http.ts'
import type { AdminStatus, ImageConfig } from '@pc2/core'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface RouteContext {
  url: URL
  signal: AbortSignal
  imageConfig: ImageConfig
  collectStatus: (options: { signal?: AbortSignal }) => Promise<AdminStatus>
}

export interface Route {
  method: Method
  path: string
  handler: (context: RouteContext) => Promise<Reply>
}

export function findRoute (routes: readonly Route[], method: string, path: string): Route {
  const candidates = routes.filter((route) => route.path === path)
  const route = candidates.find((candidate) => candidate.method === method || (method === 'HEAD' && candidate.method === 'GET'))
  if (route !== undefined) return route
  if (candidates.length === 0) throw new NotFoundError(`no route for ${method} ${path}`)
  const allow: string[] = candidates.map((candidate) => candidate.method)
  if (allow.includes('GET')) allow.push('HEAD')
  throw new MethodNotAllowedError(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { details: { allow } })
}
