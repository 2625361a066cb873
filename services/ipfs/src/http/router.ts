// The route table's types and the lookup. Paths are patterns: `:name` takes one segment,
// a final `*` the rest. A path that exists with another method is a 405 naming the allowed
// ones; HEAD is served by every GET route.

import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { MethodNotAllowedError, NotFoundError } from '@pc2/core'
import type { AnyReply } from './reply.ts'
import type { IpfsServices } from '../services.ts'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface RouteContext {
  method: string
  url: URL
  params: Record<string, string>
  headers: IncomingHttpHeaders
  /** The raw request: its body is read by the handler (uploads stream it). */
  request: IncomingMessage
  /** Aborts when the client goes away or the service stops. */
  signal: AbortSignal
  services: IpfsServices
  readJson: () => Promise<unknown>
}

export interface Route {
  method: Method
  path: string
  handler: (context: RouteContext) => Promise<AnyReply>
}

export function matchPath (pattern: string, path: string): Record<string, string> | undefined {
  const wanted = pattern.split('/').slice(1)
  const actual = path.split('/').slice(1)
  const params: Record<string, string> = {}
  for (let index = 0; index < wanted.length; index++) {
    const segment = wanted[index] as string
    if (segment === '*' && index === wanted.length - 1) {
      const rest = actual.slice(index).join('/')
      if (rest === '') return undefined
      params['*'] = rest
      return params
    }
    const value = actual[index]
    if (value === undefined) return undefined
    if (segment.startsWith(':')) {
      if (value === '') return undefined
      params[segment.slice(1)] = value
    } else if (segment !== value) {
      return undefined
    }
  }
  return actual.length === wanted.length ? params : undefined
}

export function findRoute (routes: readonly Route[], method: string, path: string): { route: Route, params: Record<string, string> } {
  const candidates = routes.flatMap((route) => {
    const params = matchPath(route.path, path)
    return params === undefined ? [] : [{ route, params }]
  })
  const found = candidates.find(({ route }) => route.method === method || (method === 'HEAD' && route.method === 'GET'))
  if (found !== undefined) return found
  if (candidates.length === 0) throw new NotFoundError(`no route for ${method} ${path}`)
  const allow: string[] = candidates.map(({ route }) => route.method)
  if (allow.includes('GET')) allow.push('HEAD')
  throw new MethodNotAllowedError(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { details: { allow } })
}
