// pc2-admin holds no privilege to reboot. It leaves the word in `<runtimeDir>/power-request`
// (atomically: the root watcher must never read half a word); pc2-power.path notices the
// file and pc2-power.service, as root, checks the word and asks systemd.

import { join } from 'node:path'
import { UnavailableError, writeFileAtomic } from '@pc2/core'
import type { AbortOptions, PowerAction } from '@pc2/core'

export const powerRequestFileName = 'power-request'

export async function writePowerRequest (runtimeDir: string, action: PowerAction, options: AbortOptions = {}): Promise<void> {
  const file = join(runtimeDir, powerRequestFileName)
  try {
    await writeFileAtomic(file, `${action}\n`, { mode: 0o644, signal: options.signal })
  } catch (error) {
    options.signal?.throwIfAborted()
    throw new UnavailableError(`cannot ask for ${action}: ${(error as NodeJS.ErrnoException).code ?? 'write failed'}`, { cause: error })
  }
}
