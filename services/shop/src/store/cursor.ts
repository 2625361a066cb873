// cursor.json: the last block the watcher has fully persisted. It moves only after the
// records of every block up to it are on disk, so a crash makes the watcher read some
// blocks twice (replays are idempotent), never skip one.

import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import type { CursorRecord } from './records.ts'

export interface CursorStore {
  get (): CursorRecord | undefined
  set (cursor: CursorRecord, options?: AbortOptions): Promise<void>
}

export async function openCursor (stateDir: string, options: AbortOptions = {}): Promise<CursorStore> {
  const path = join(stateDir, 'cursor.json')
  await mkdir(stateDir, { recursive: true, mode: 0o700 })
  let cursor: CursorRecord | undefined
  try {
    cursor = JSON.parse(await readFile(path, { encoding: 'utf8', signal: options.signal })) as CursorRecord
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return {
    get: () => cursor,
    set: async (next, setOptions = {}) => {
      await writeFileAtomic(path, `${JSON.stringify(next)}\n`, { mode: 0o600, ...(setOptions.signal === undefined ? {} : { signal: setOptions.signal }) })
      cursor = next
    }
  }
}
