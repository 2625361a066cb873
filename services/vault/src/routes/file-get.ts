// GET /files/<cid>: the unwrapped key, for the signed-in owner's share links (pc2-admin
// has checked the session before it asks).

import type { VaultFileResponse } from '@pc2/core'
import { encodeBase64Url } from '../base64url.ts'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'
import { getFile } from '../store/get-file.ts'

export async function getFileRoute ({ state, cid, signal }: RouteContext): Promise<Reply> {
  const file = await getFile(state, cid, { signal })
  const body: VaultFileResponse = { cid, key: encodeBase64Url(file.key), metadata: file.metadata, createdAt: file.createdAt }
  return jsonReply(body)
}
