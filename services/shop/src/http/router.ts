// The route types and the lookup. Paths are patterns whose `:name` segments become params.
// A path that exists with another method is a 405 naming the allowed ones, not a 404.

import type { IncomingHttpHeaders } from 'node:http'
import { findApiRoute } from '@pc2/core'
import type { ApiRoute } from '@pc2/core'
import type { ShopContext } from '../context.ts'
import type { AnyReply } from './reply.ts'

export interface RouteContext {
  shop: ShopContext
  params: Record<string, string>
  headers: IncomingHttpHeaders
  readJson: () => Promise<unknown>
  /** Aborts when the client goes away or the shop stops. */
  signal: AbortSignal
}

export type Route = ApiRoute<RouteContext, AnyReply>

export function findRoute (routes: readonly Route[], method: string, path: string): { route: Route, params: Record<string, string> } {
  return findApiRoute(routes, method, path)
}
