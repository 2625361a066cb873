// POST /api/claim (public): the first owner proves the console's claim code and signs a
// SIWE message; the signer becomes the owner and the code stops working.

import { AlreadyClaimedError, ClaimCodeInvalidError, InvalidInputError } from '@pc2/core'
import { parseSignInBody } from '../auth/sign-in-message.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'
import { refused, signedInReply, verifySignInFor } from './signed-in.ts'

export async function claim (context: RouteContext): Promise<Reply> {
  const { services } = context
  const body = await context.readJson()
  const message = parseSignInBody(body)
  const code = (body as { code?: unknown }).code
  if (typeof code !== 'string') throw new InvalidInputError('the body must have the claim code as "code"')
  let address: string
  try {
    services.limits.claim.take(context.client)
    address = await verifySignInFor(context, message)
    if (services.owner.current() !== undefined) throw new AlreadyClaimedError('this node already has an owner')
    if (!services.claimCode.matches(code)) throw new ClaimCodeInvalidError('that is not the claim code on this node\'s console')
    await services.owner.claim(address, { signal: context.signal })
  } catch (error) {
    refused(context, 'claim', error)
  }
  await services.claimCode.retire()
  services.logger.notice('node claimed', { owner: address, client: context.client })
  return signedInReply(context, address)
}
