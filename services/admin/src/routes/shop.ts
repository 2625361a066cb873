// /api/shop/<rest> (owner): selling files, passed to pc2-shop (services/shop/API.md) as
// `/<rest>`. pc2-admin adds who is asking (`x-pc2-owner`, the signed-in owner's address),
// since pc2-shop has no sessions of its own; the shop's replies and errors pass through
// unchanged, the event stream (`/events`) chunk by chunk.

import { NotFoundError } from '@pc2/core'
import { passToService } from '../backends/pass.ts'
import type { AnyReply } from '../http.ts'
import type { OwnerContext, RouteContext } from '../router.ts'

/** What the owner API of pc2-shop has: `status`, `wallet`, `listings[/<id>]`, `sales`, `events`, `licenses/<id>`. */
const ownerPath = /^(status|wallet|sales|events|listings(\/\d{1,78})?|licenses\/\d{1,78})$/

export async function shopOwner (context: OwnerContext): Promise<AnyReply> {
  const rest = context.params['*'] ?? ''
  if (!ownerPath.test(rest)) throw new NotFoundError(`no shop route /api/shop/${rest}`)
  return await passToShop(context, `/${rest}`, { 'x-pc2-owner': context.session.address })
}

/** Calls pc2-shop with the request's method, query and JSON body, and streams its answer back. */
export async function passToShop (context: RouteContext, path: string, extraHeaders: Record<string, string> = {}): Promise<AnyReply> {
  return await passToService(context, context.services.backends.shop, path, extraHeaders)
}
