// Physical-access recovery: booting with `pc2.reset-owner=1` (the boot menu's "PC2 — reset
// owner") moves owner.json aside as owner.json.reset-<time>, so the node starts unclaimed
// with a fresh claim code on its console. Nothing is deleted; nothing else is touched.

import { rename } from 'node:fs/promises'
import { join } from 'node:path'
import { syncDirectory } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { ownerFileName } from './owner-store.ts'

export function ownerResetRequested (cmdline: string): boolean {
  return cmdline.split(/\s+/).includes('pc2.reset-owner=1')
}

/** Moves owner.json aside; answers the new path, or undefined when there was no owner. */
export async function resetOwner (stateDir: string, time: Date, options: AbortOptions = {}): Promise<string | undefined> {
  options.signal?.throwIfAborted()
  const from = join(stateDir, ownerFileName)
  const to = `${from}.reset-${time.toISOString()}`
  try {
    await rename(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  await syncDirectory(stateDir)
  return to
}
