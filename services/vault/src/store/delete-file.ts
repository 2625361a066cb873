// Forgets a file's key. The unlink is made durable like every other change, so a power
// cut cannot bring a deleted key back.

import { unlink } from 'node:fs/promises'
import type { AbortOptions } from '@pc2/core'
import { FileKeyNotFoundError, syncDirectory } from '@pc2/core'
import { recordPath } from './paths.ts'
import type { VaultContext } from '../context.ts'

export async function deleteFile (state: VaultContext, cid: string, options: AbortOptions = {}): Promise<void> {
  await state.locks.run(cid, async () => {
    options.signal?.throwIfAborted()
    try {
      await unlink(recordPath(state.paths, cid))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileKeyNotFoundError(`the vault holds no key for ${cid}`, { details: { cid } })
      throw error
    }
    await syncDirectory(state.paths.files)
  })
}
