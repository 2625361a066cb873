// /api/shop/<rest> (owner): selling files, passed to pc2-shop (admin/shop/API.md) as
// `/<rest>`. pc2-admin adds who is asking (`x-pc2-owner`, the signed-in owner's address),
// since pc2-shop has no sessions of its own; the shop's replies and errors pass through
// unchanged, the event stream (`/events`) chunk by chunk.

import { NotFoundError } from '@pc2/core'
import { passToService } from '../backends/pass.ts'
import type { Reply } from '@pc2/core'
import type { AdminRouteContext, OwnerRouteContext } from '../context.ts'

/** What the owner API of pc2-shop has: `status`, `wallet`, `listings[/<id>]`, `sales`, `events`, `licenses/<id>`. */
const ownerPath = /^(status|wallet|sales|events|listings(\/\d{1,78})?|licenses\/\d{1,78})$/

export async function shopOwner (context: OwnerRouteContext): Promise<Reply> {
  const rest = context.params['*'] ?? ''
  if (!ownerPath.test(rest)) throw new NotFoundError(`no shop route /api/shop/${rest}`)
  return await passToShop(context, `/${rest}`, { 'x-pc2-owner': context.session.address })
}

/** Calls pc2-shop with the request's method, query and JSON body, and streams its answer back. */
export async function passToShop (context: AdminRouteContext, path: string, extraHeaders: Record<string, string> = {}): Promise<Reply> {
  return await passToService(context, context.admin.clients.shop, path, extraHeaders)
}
