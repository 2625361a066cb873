// The route types and the lookup. Paths are patterns whose `:name` segments become params.
// A path that exists with another method is a 405 naming the allowed ones, not a 404.

import type { IncomingHttpHeaders } from 'node:http'
import { MethodNotAllowedError, NotFoundError } from '@pc2/core'
import type { ShopContext } from '../context.ts'
import type { AnyReply } from './reply.ts'

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

export interface RouteContext {
  shop: ShopContext
  params: Record<string, string>
  headers: IncomingHttpHeaders
  readJson: () => Promise<unknown>
  /** Aborts when the client goes away or the shop stops. */
  signal: AbortSignal
}

export interface Route {
  method: Method
  path: string
  handler: (context: RouteContext) => Promise<AnyReply>
}

export function findRoute (routes: readonly Route[], method: string, path: string): { route: Route, params: Record<string, string> } {
  const candidates = routes.flatMap((route) => {
    const params = matchPath(route.path, path)
    return params === undefined ? [] : [{ route, params }]
  })
  const found = candidates.find(({ route }) => route.method === method)
  if (found !== undefined) return found
  if (candidates.length === 0) throw new NotFoundError(`no route for ${method} ${path}`)
  const allow = candidates.map(({ route }) => route.method)
  throw new MethodNotAllowedError(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { details: { allow } })
}

function matchPath (pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/')
  const have = path.split('/')
  if (want.length !== have.length) return undefined
  const params: Record<string, string> = {}
  for (const [index, part] of want.entries()) {
    const segment = have[index] ?? ''
    if (part.startsWith(':')) {
      if (segment === '') return undefined
      params[part.slice(1)] = segment
    } else if (part !== segment) {
      return undefined
    }
  }
  return params
}
