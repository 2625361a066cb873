// The one writable persistent filesystem. "Is /data really a mounted disk?" is the question
// that matters: if the data partition failed to mount, writes land on whatever holds the
// directory (often a tmpfs) and vanish at power-off, and the owner must be able to see that.

import { realpath, statfs } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import type { DataStatus } from '@pc2/core'
import { containingMount, findMount } from './mountinfo.ts'
import type { MountEntry } from './mountinfo.ts'
import { isMissing } from './read.ts'

export async function collectData (
  mounts: MountEntry[],
  dataDir: string,
  options: { signal?: AbortSignal } = {}
): Promise<DataStatus> {
  options.signal?.throwIfAborted()
  const path = await existingAncestor(resolve(dataDir))
  const exact = path.missing ? undefined : findMount(mounts, path.real)
  const holder = exact ?? containingMount(mounts, path.real)
  const figures = await statfs(path.real)
  return {
    path: dataDir,
    mounted: exact !== undefined,
    source: holder?.source ?? null,
    fsType: holder?.fsType ?? null,
    volatile: holder?.fsType === 'tmpfs',
    totalBytes: figures.blocks * figures.bsize,
    freeBytes: figures.bfree * figures.bsize,
    availableBytes: figures.bavail * figures.bsize
  }
}

/** The real path of `path`, or of its nearest existing parent when it does not exist. */
async function existingAncestor (path: string): Promise<{ real: string, missing: boolean }> {
  let current = path
  for (;;) {
    try {
      return { real: await realpath(current), missing: current !== path }
    } catch (error) {
      const parent = dirname(current)
      if (!isMissing(error) || parent === current) throw error
      current = parent
    }
  }
}
