// GET /api/auth/nonce (public): a fresh single-use nonce and the chain id the SIWE message
// must name.

import type { NonceResponse, Reply } from '@pc2/core'
import { jsonReply } from '@pc2/core'
import type { AdminRouteContext } from '../context.ts'

export async function issueNonce ({ admin, client }: AdminRouteContext): Promise<Reply> {
  admin.limits.nonce.take(client)
  const { nonce, expiresAt } = admin.nonces.issue()
  const body: NonceResponse = { nonce, chainId: admin.settings.current()['auth.chainId'], expiresAt: new Date(expiresAt).toISOString() }
  return jsonReply(body)
}
