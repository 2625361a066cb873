// Makes the state directory ready before anything is read: it and files/ exist with mode
// 0700 (the keys are wrapped, but what is stored and when is nobody else's business), and
// temporary files left by a power cut during a write are gone.

import { chmod, mkdir, readdir, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { AbortOptions } from '@pc2/core'
import { syncDirectory } from '@pc2/core'
import type { VaultPaths } from './paths.ts'

export async function prepareStateDir (paths: VaultPaths, options: AbortOptions = {}): Promise<void> {
  await makePrivateDirectory(paths.dir)
  await makePrivateDirectory(paths.files)
  for (const dir of [paths.dir, paths.files]) {
    options.signal?.throwIfAborted()
    // writeFileAtomic's temporaries: `.<name>.<pid>.<random>.tmp`, never a complete file.
    const leftovers = (await readdir(dir)).filter((name) => name.startsWith('.') && name.endsWith('.tmp'))
    for (const name of leftovers) await unlink(join(dir, name))
  }
}

async function makePrivateDirectory (dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 })
  // mkdir's mode passes through the umask, and a directory made by someone else may be wider.
  await chmod(dir, 0o700)
  if (created !== undefined) await syncDirectory(dirname(dir))
}
