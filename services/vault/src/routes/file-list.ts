// GET /files: every file the vault holds a key for, without the keys.

import type { VaultFileListResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'
import { listFiles } from '../store/list-files.ts'

export async function listFilesRoute ({ state, signal }: RouteContext): Promise<Reply> {
  const body: VaultFileListResponse = { files: await listFiles(state, { signal }) }
  return jsonReply(body)
}
