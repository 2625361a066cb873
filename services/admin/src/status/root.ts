// What / is: which device, which filesystem, read-only or not, and whether verity guards it.

import type { RootStatus } from '@pc2/core'
import { UnavailableError } from '@pc2/core'
import { findMount, isReadOnly } from './mountinfo.ts'
import type { MountEntry } from './mountinfo.ts'
import { readVerity } from './verity.ts'

export async function collectRoot (
  mounts: MountEntry[],
  paths: { sysDevBlock: string, cmdline: string },
  options: { signal?: AbortSignal } = {}
): Promise<RootStatus> {
  const root = findMount(mounts, '/')
  if (root === undefined) throw new UnavailableError('mountinfo has no entry for /')
  return {
    source: root.source,
    fsType: root.fsType,
    readOnly: isReadOnly(root),
    verity: await readVerity(root.majorMinor, paths, options)
  }
}
