// POST /api/claim (public): the first owner proves the console's claim code and signs a
// SIWE message; the signer becomes the owner and the code stops working.

import { AlreadyClaimedError, ClaimCodeInvalidError, InvalidInputError } from '@pc2/core'
import { parseSignInBody } from '../auth/sign-in-message.ts'
import type { Reply } from '@pc2/core'
import type { AdminRouteContext } from '../context.ts'
import { refused, signedInReply, verifySignInFor } from './signed-in.ts'

export async function claim (context: AdminRouteContext): Promise<Reply> {
  const { admin } = context
  const body = await context.readJson()
  const message = parseSignInBody(body)
  const code = (body as { code?: unknown }).code
  if (typeof code !== 'string') throw new InvalidInputError('the body must have the claim code as "code"')
  let address: string
  try {
    admin.limits.claim.take(context.client)
    address = await verifySignInFor(context, message)
    if (admin.owner.current() !== undefined) throw new AlreadyClaimedError('this node already has an owner')
    if (!admin.claimCode.matches(code)) throw new ClaimCodeInvalidError('that is not the claim code on this node\'s console')
    await admin.owner.claim(address, { signal: context.signal })
  } catch (error) {
    refused(context, 'claim', error)
  }
  await admin.claimCode.retire()
  admin.logger.notice('node claimed', { owner: address, client: context.client })
  return signedInReply(context, address)
}
