// GET /files/<cid>: the unwrapped key, for the signed-in owner's share links (pc2-admin
// has checked the session before it asks).

import { jsonReply } from '@pc2/core'
import { encodeBase64Url } from '../base64url.ts'
import type { VaultHandler } from '../context.ts'
import { parseCid } from '../inputs.ts'
import { getFile } from '../store/get-file.ts'

export const getFileRoute: VaultHandler<'GET /files/:cid'> = async ({ vault, params, signal }) => {
  const cid = parseCid(params.cid)
  const file = await getFile(vault, cid, { signal })
  return jsonReply({ cid, key: encodeBase64Url(file.key), metadata: file.metadata, createdAt: file.createdAt })
}
