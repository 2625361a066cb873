// POST /files/<cid>/seal {recipientPublicKey}: the file key sealed to that X25519 key.

import type { VaultSealResponse } from '@pc2/core'
import { encodeBase64Url } from '../base64url.ts'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import { parseSealRequest } from '../inputs.ts'
import type { RouteContext } from '../router.ts'
import { sealFileKey } from '../store/seal-file-key.ts'

export async function sealFileRoute ({ state, cid, readJson, signal }: RouteContext): Promise<Reply> {
  const recipientPublicKey = parseSealRequest(await readJson())
  const body: VaultSealResponse = { sealedKey: encodeBase64Url(await sealFileKey(state, cid, recipientPublicKey, { signal })) }
  return jsonReply(body)
}
