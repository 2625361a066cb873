// POST /api/auth/login (public): the owner signs a SIWE message and gets a session.

import { NotClaimedError, NotOwnerError } from '@pc2/core'
import { parseSignInBody } from '../auth/sign-in-message.ts'
import type { Reply } from '@pc2/core'
import type { AdminRouteContext } from '../context.ts'
import { refused, signedInReply, verifySignInFor } from './signed-in.ts'

export async function login (context: AdminRouteContext): Promise<Reply> {
  const { admin } = context
  const message = parseSignInBody(await context.readJson())
  let address: string
  try {
    admin.limits.login.take(context.client)
    address = await verifySignInFor(context, message)
    const owner = admin.owner.current()
    if (owner === undefined) throw new NotClaimedError('nobody has claimed this node yet; claim it with the code on its console')
    if (owner.address !== address) throw new NotOwnerError(`${address} is not this node's owner`)
  } catch (error) {
    refused(context, 'login', error)
  }
  admin.logger.info('owner signed in', { client: context.client })
  return signedInReply(context, address)
}
