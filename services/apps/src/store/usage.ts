// Space an app's folder takes on disk (allocated blocks, as du counts), without following
// symlinks — an app's link to elsewhere must not count someone else's files, nor loop.

import { lstat, readdir } from 'node:fs/promises'
import type { Dirent } from 'node:fs'
import { join } from 'node:path'

export async function directoryUsageBytes (directory: string): Promise<number> {
  let total = 0
  const pending = [directory]
  while (pending.length > 0) {
    const current = pending.pop() as string
    let entries: Dirent[]
    try {
      entries = await readdir(current, { withFileTypes: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw error
    }
    for (const entry of entries) {
      const path = join(current, entry.name)
      const stats = await lstat(path).catch(() => undefined)
      if (stats === undefined) continue
      total += stats.blocks * 512
      if (stats.isDirectory()) pending.push(path)
    }
  }
  return total
}
