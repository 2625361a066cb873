// The route types and the lookup. Paths are patterns whose `:cid` segment is checked as a
// CID before any handler runs. A path that exists with another method is a 405 naming the
// allowed ones, not a 404.

import { MethodNotAllowedError, NotFoundError } from '@pc2/core'
import type { Reply } from './http.ts'
import { parseCid } from './inputs.ts'
import type { VaultState } from './store/state.ts'

export type Method = 'GET' | 'PUT' | 'POST' | 'DELETE'

export interface RouteContext {
  state: VaultState
  /** The `:cid` of the path, already checked; '' on routes without one. */
  cid: string
  readJson: () => Promise<unknown>
  /** Aborts when the client goes away. */
  signal: AbortSignal
}

export interface Route {
  method: Method
  path: string
  handler: (context: RouteContext) => Promise<Reply>
}

export interface RouteMatch {
  route: Route
  cid: string
}

export function findRoute (routes: readonly Route[], method: string, path: string): RouteMatch {
  const candidates: RouteMatch[] = []
  for (const route of routes) {
    const cid = matchPath(route.path, path)
    if (cid !== undefined) candidates.push({ route, cid })
  }
  const found = candidates.find((candidate) => candidate.route.method === method)
  if (found !== undefined) return { route: found.route, cid: found.cid === '' ? '' : parseCid(found.cid) }
  if (candidates.length === 0) throw new NotFoundError(`no route for ${method} ${path}`)
  const allow = candidates.map((candidate) => candidate.route.method)
  throw new MethodNotAllowedError(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { details: { allow } })
}

/** The `:cid` segment (undecoded) when `path` fits `pattern`, '' when the pattern has none, else undefined. */
function matchPath (pattern: string, path: string): string | undefined {
  const want = pattern.split('/')
  const have = path.split('/')
  if (want.length !== have.length) return undefined
  let cid = ''
  for (const [index, part] of want.entries()) {
    const segment = have[index] ?? ''
    if (part === ':cid') {
      if (segment === '') return undefined
      cid = segment
    } else if (part !== segment) {
      return undefined
    }
  }
  return cid
}
