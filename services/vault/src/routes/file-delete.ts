// DELETE /files/<cid>: forgets the key; 404 when there is none.

import { emptyReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'
import { deleteFile } from '../store/delete-file.ts'

export async function deleteFileRoute ({ state, cid, signal }: RouteContext): Promise<Reply> {
  await deleteFile(state, cid, { signal })
  return emptyReply(204)
}
