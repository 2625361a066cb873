// POST /files/<cid>/seal {recipientPublicKey}: the file key sealed to that X25519 key.

import { jsonReply } from '@pc2/core'
import { encodeBase64Url } from '../base64url.ts'
import type { VaultHandler } from '../context.ts'
import { parseCid, parseSealRequest } from '../inputs.ts'
import { sealFileKey } from '../store/seal-file-key.ts'

export const sealFileRoute: VaultHandler<'POST /files/:cid/seal'> = async ({ vault, params, readJson, signal }) => {
  const cid = parseCid(params.cid)
  const recipientPublicKey = parseSealRequest(await readJson())
  return jsonReply({ sealedKey: encodeBase64Url(await sealFileKey(vault, cid, recipientPublicKey, { signal })) })
}
