// Every admin request goes through here before its handler: who is asking (session, client,
// Host), and the access level of its route enforced from the route table, so an owner route
// cannot forget its check and no handler is reached by a caller its route does not admit.

import { changesState, emptyReply } from '@pc2/core'
import type { Reply, RouteRequest } from '@pc2/core'
import type { AdminContext, AdminRoute, AdminRouteContext } from '../context.ts'
import { checkCsrf, checkFormOrigin, ownerSession, requireOwner } from './access.ts'
import { clientKey } from './client-key.ts'

export async function dispatchAdminRoute (route: AdminRoute, request: RouteRequest & { admin: AdminContext }): Promise<Reply> {
  const { admin } = request
  const context: AdminRouteContext = {
    ...request,
    host: request.headers.host,
    client: clientKey(request.remoteAddress === '' ? undefined : request.remoteAddress),
    session: ownerSession(request.headers.cookie, admin.sessions, admin.owner.current()?.address)
  }
  if (route.access === 'public') return await route.handler(context)
  if (route.access === 'app') {
    // A page opened without a session (a bookmark, an expired one) goes to the login page and back.
    if (context.session === undefined && route.method === 'GET') return loginRedirect(context.url)
    const session = requireOwner(context.session)
    if (changesState(route.method)) checkFormOrigin(context.headers)
    return await route.handler({ ...context, session })
  }
  const session = requireOwner(context.session)
  if (changesState(route.method)) checkCsrf(context.headers, session)
  return await route.handler({ ...context, session })
}

function loginRedirect (url: URL): Reply {
  return emptyReply(303, { Location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` })
}
