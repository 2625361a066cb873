// GET /api/auth/nonce (public): a fresh single-use nonce and the chain id the SIWE message
// must name.

import type { NonceResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'

export async function issueNonce ({ services, client }: RouteContext): Promise<Reply> {
  services.limits.nonce.take(client)
  const { nonce, expiresAt } = services.nonces.issue()
  const body: NonceResponse = { nonce, chainId: services.settings.current()['auth.chainId'], expiresAt: new Date(expiresAt).toISOString() }
  return jsonReply(body)
}
