// DELETE /uploads/<id>: forgets the session. Its blocks stay until the next collection,
// which keeps those a pin references (a completed upload's are pinned: deleting the
// session does not unpin the file).

import { removeSessionFiles } from './session-files.ts'
import { endWriter, findUpload } from './uploads.ts'
import type { UploadContext } from './uploads.ts'

export async function removeUpload (context: UploadContext, id: string): Promise<void> {
  const session = findUpload(context, id)
  await endWriter(session)
  context.sessions.delete(id)
  await removeSessionFiles(context.dir, id)
}
