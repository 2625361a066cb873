// /api/network/<rest> (owner): the node's firewall, passed to pc2-egress (admin/egress/API.md)
// as `/<rest>`: the policy in words, the ruleset, the record of refused attempts (live at
// `events`), and the owner's destinations per unit.

import { NotFoundError } from '@pc2/core'
import { passToService } from '../backends/pass.ts'
import type { Reply } from '@pc2/core'
import type { OwnerRouteContext } from '../context.ts'

const networkPath = /^(policy|ruleset|blocked|events|units\/[a-z0-9-]{1,40}\/destinations(\/[^/]{1,300})?)$/

export async function network (context: OwnerRouteContext): Promise<Reply> {
  const rest = context.params['*'] ?? ''
  if (!networkPath.test(rest)) throw new NotFoundError(`no network route /api/network/${rest}`)
  return await passToService(context, context.admin.clients.egress, `/${rest}`)
}
