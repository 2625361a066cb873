// A service's socket API as a type: one entry per route, `'<METHOD> <path pattern>'`, saying
// what the caller sends and what the service answers. The producer's route table is built
// against it (apiRoutes: every route present, each handler's reply of the right shape) and the
// consumer's client reads it (service-client.ts), so a change on one side that the other does
// not follow is a compile error instead of a field that silently goes missing.

import type { RouteMethod, Route } from './route-table.ts'
import type { BytesReply, JsonReply, Reply, StreamReply } from './reply.ts'

/** A route whose answer is JSON of type `Response`, taking a JSON body of type `Request` (never: none). */
export interface Endpoint<Response, Request = never> {
  response: Response
  request: Request
}

/** A route that answers 204 with no body. */
export interface NoContentEndpoint<Request = never> {
  response: NoContent
  request: Request
}

/** A route that answers a stream: server-sent events, or bytes (a file, a CAR, a web app's page). */
export interface StreamEndpoint<Request = never> {
  response: Streamed
  request: Request
}

declare const noContent: unique symbol
declare const streamed: unique symbol
declare const rawBody: unique symbol
export interface NoContent { readonly [noContent]: true }
export interface Streamed { readonly [streamed]: true }
/** A request body that is not JSON (upload bytes, a web app's form): sent with the client's `request`. */
export interface RawBody { readonly [rawBody]: true }

export type ApiKey = `${RouteMethod} /${string}`
/**
 * A service's API: an interface whose keys are ApiKeys and whose values are endpoints (an
 * interface has no index signature to check that against; ApiHandlers and the client only
 * take the keys that are ApiKeys, and each value's `response`).
 */
export type ApiSpec = object

/** `'PUT /files/:cid'` → `'/files/:cid'`. */
export type PathOf<Key> = Key extends `${RouteMethod} ${infer Path}` ? Path : never

/** The params a path pattern has: `/files/:cid/seal` → `{ cid: string }`, a prefix route's rest as `'*'`. */
export type PathParams<Path extends string> =
  Path extends `${string}:${infer Name}/${infer Rest}` ? { [K in Name]: string } & PathParams<`/${Rest}`>
    : Path extends `${string}:${infer Name}` ? { [K in Name]: string }
      : Path extends `${string}/*` ? { '*': string }
        : Record<never, string>

/** What a handler of that endpoint must reply. */
export type ReplyFor<E> = E extends { response: infer Response }
  ? [Response] extends [NoContent] ? BytesReply
    : [Response] extends [Streamed] ? Reply
      : JsonReply<Response>
  : never

/** A handler for each route of `Api`, its params typed from its path. */
export type ApiHandlers<Api extends ApiSpec, Context> = {
  [Key in keyof Api & ApiKey]-?: (context: Context & { params: Readonly<PathParams<PathOf<Key>>> }) => Promise<ReplyFor<Api[Key]>>
}

/** The route table for `Api`: the compiler holds every route to its entry. */
export function apiRoutes<Api extends ApiSpec, Context> (handlers: ApiHandlers<Api, Context>): ReadonlyArray<Route<Context, Reply>> {
  return Object.entries(handlers).map(([key, handler]) => {
    const space = key.indexOf(' ')
    return {
      method: key.slice(0, space) as RouteMethod,
      path: key.slice(space + 1),
      handler: handler as (context: Context) => Promise<Reply>
    }
  })
}

export type { StreamReply }

/** The handler of one route of `Api`: `const getFile: ApiHandler<VaultApi, 'GET /files/:cid', VaultRouteContext> = async ({ params }) => …`. */
export type ApiHandler<Api extends ApiSpec, Key extends keyof Api & ApiKey, Context> = ApiHandlers<Api, Context>[Key]
