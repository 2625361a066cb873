// GET /identity: the node's X25519 public key, for sealing things to this node.

import type { VaultIdentityResponse } from '@pc2/core'
import { encodeBase64Url } from '../base64url.ts'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'

export async function identity ({ state }: RouteContext): Promise<Reply> {
  const body: VaultIdentityResponse = { publicKey: encodeBase64Url(state.identity.publicKey) }
  return jsonReply(body)
}
