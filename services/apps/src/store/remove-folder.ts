// Deleting an app's folder so that a power cut leaves it whole or in the trash, never half:
// one rename out of the way, the rename made durable, then the deletion. Whoever owns the
// folders empties a trash left behind at its next start.

import { rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { syncDirectory } from '@pc2/core'

/** Deletes `folder` and all in it through `trash` (a path on the same filesystem); nothing when it is not there. */
export async function removeThroughTrash (folder: string, trash: string): Promise<void> {
  const moved = await rename(folder, trash).then(() => true, (error: NodeJS.ErrnoException) => { if (error.code === 'ENOENT') return false; throw error })
  if (!moved) return
  await syncDirectory(dirname(folder))
  await rm(trash, { recursive: true, force: true })
}
