// PUT /files/<cid> {key, metadata}: 201 when stored, 200 when the same record exists.

import type { VaultPutFileResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import { parseFileEntry } from '../inputs.ts'
import type { RouteContext } from '../router.ts'
import { putFile } from '../store/put-file.ts'

export async function putFileRoute ({ state, cid, readJson, signal }: RouteContext): Promise<Reply> {
  const entry = parseFileEntry(await readJson())
  const result = await putFile(state, cid, entry, { signal })
  const body: VaultPutFileResponse = { cid }
  return jsonReply(body, result === 'created' ? 201 : 200)
}
