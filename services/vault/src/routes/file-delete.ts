// DELETE /files/<cid>: forgets the key; 404 when there is none.

import { emptyReply } from '@pc2/core'
import type { VaultHandler } from '../context.ts'
import { parseCid } from '../inputs.ts'
import { deleteFile } from '../store/delete-file.ts'

export const deleteFileRoute: VaultHandler<'DELETE /files/:cid'> = async ({ vault, params, signal }) => {
  await deleteFile(vault, parseCid(params.cid), { signal })
  return emptyReply(204)
}
