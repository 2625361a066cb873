// A service's routes and their lookup, the same for every PC2 HTTP server. A path pattern is
// literal segments, `:name` segments (one non-empty segment, percent-decoded into params),
// and at most one trailing `*`: `/ipfs/*` takes the non-empty rest of the path (params['*']),
// `/*` alone is the fallback for every path no other route has (a UI's deep links), less the
// paths under the route's `excluding` prefix. A path that exists with another method is a
// 405 naming the allowed ones, never a 404; with `head`, every GET route answers HEAD too.

import { InvalidInputError, MethodNotAllowedError, NotFoundError } from '../errors.ts'

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** What the lookup needs of a route; a service's route type adds its handler (and access level). */
export interface RoutePattern {
  method: RouteMethod
  path: string
  /** With path `/*`: paths equal to or under this prefix are not this route's (`/api`). */
  excluding?: string
}

export interface Route<Context, Result> extends RoutePattern {
  handler: (context: Context) => Promise<Result>
}

export interface FoundRoute<R> {
  route: R
  /** `:name` values, percent-decoded, and `*` for the rest of a prefix route. */
  params: Record<string, string>
}

export interface FindRouteOptions {
  /** GET routes answer HEAD, and 405s list HEAD beside GET. */
  head?: boolean
}

const fallback = '/*'

export function findRoute<R extends RoutePattern> (routes: readonly R[], method: string, path: string, options: FindRouteOptions = {}): FoundRoute<R> {
  const match = (route: R): FoundRoute<R>[] => {
    const params = matchRoutePath(route, path)
    return params === undefined ? [] : [{ route, params }]
  }
  const specific = routes.filter((route) => route.path !== fallback).flatMap(match)
  const candidates = specific.length > 0 ? specific : routes.filter((route) => route.path === fallback).flatMap(match)
  const answers = (route: R): boolean => route.method === method || (options.head === true && method === 'HEAD' && route.method === 'GET')
  const found = candidates.find(({ route }) => answers(route))
  if (found !== undefined) return { route: found.route, params: decodeParams(found.params) }
  if (candidates.length === 0) throw new NotFoundError(`no route for ${method} ${path}`)
  const allow: string[] = [...new Set(candidates.map(({ route }) => route.method))]
  if (options.head === true && allow.includes('GET')) allow.push('HEAD')
  throw new MethodNotAllowedError(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { details: { allow } })
}

/** The params (still percent-encoded) when `path` fits the route's pattern, else undefined. */
export function matchRoutePath (route: Pick<RoutePattern, 'path' | 'excluding'>, path: string): Record<string, string> | undefined {
  if (route.path === fallback) {
    const excluded = route.excluding !== undefined && (path === route.excluding || path.startsWith(`${route.excluding}/`))
    return excluded ? undefined : {}
  }
  const wanted = route.path.split('/')
  const actual = path.split('/')
  const params: Record<string, string> = {}
  for (const [index, part] of wanted.entries()) {
    if (part === '*' && index === wanted.length - 1) {
      const rest = actual.slice(index).join('/')
      if (rest === '') return undefined
      params['*'] = rest
      return params
    }
    const segment = actual[index]
    if (segment === undefined) return undefined
    if (part.startsWith(':')) {
      if (segment === '') return undefined
      params[part.slice(1)] = segment
    } else if (part !== segment) {
      return undefined
    }
  }
  return actual.length === wanted.length ? params : undefined
}

/** Route params percent-decoded; a bad escape is an error naming the param. */
function decodeParams (params: Record<string, string>): Record<string, string> {
  const decoded: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) {
    // The rest of a prefix route is a path: each segment is decoded by whoever reads it.
    if (name === '*') {
      decoded[name] = value
      continue
    }
    try {
      decoded[name] = decodeURIComponent(value)
    } catch {
      throw new InvalidInputError(`path segment ${JSON.stringify(value)} is not valid percent-encoding`, { details: { field: name } })
    }
  }
  return decoded
}

/** Methods that change state: a server's access check may ask more of them (a CSRF token). */
export function changesState (method: RouteMethod): boolean {
  return method !== 'GET'
}
