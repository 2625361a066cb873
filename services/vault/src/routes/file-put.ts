// PUT /files/<cid> {key, metadata}: 201 when stored, 200 when the same record exists.

import { jsonReply } from '@pc2/core'
import type { VaultHandler } from '../context.ts'
import { parseCid, parseFileEntry } from '../inputs.ts'
import { putFile } from '../store/put-file.ts'

export const putFileRoute: VaultHandler<'PUT /files/:cid'> = async ({ vault, params, readJson, signal }) => {
  const cid = parseCid(params.cid)
  const entry = parseFileEntry(await readJson())
  const result = await putFile(vault, cid, entry, { signal })
  return jsonReply({ cid }, result === 'created' ? 201 : 200)
}
