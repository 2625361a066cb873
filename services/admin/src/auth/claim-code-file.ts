// Keeps the claim code of an unclaimed node: generated at start, written to
// `<runtimeDir>/claim-code` (0644, so the root console banner, which holds no capabilities,
// can read it) and logged at notice; deleted once the node is claimed. The file is a
// convenience for the banner: if it cannot be written the code is still in the journal,
// and the admin API stays up. A service restart within the same boot keeps the code the
// console already shows (the runtime directory is preserved; /run is empty at each boot).

import { readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '@pc2/core'
import type { AbortOptions, Logger } from '@pc2/core'
import { claimCodeMatches, claimCodePattern, generateClaimCode } from './claim-code.ts'

export interface ClaimCodeKeeper {
  issue (options?: AbortOptions): Promise<string>
  /** False when no code is out (a claimed node), whatever was typed. */
  matches (typed: string): boolean
  retire (options?: AbortOptions): Promise<void>
}

export const claimCodeFileName = 'claim-code'

export function createClaimCodeKeeper (init: { runtimeDir: string, logger: Logger }): ClaimCodeKeeper {
  const file = join(init.runtimeDir, claimCodeFileName)
  let code: string | undefined

  return {
    async issue (options = {}) {
      const shown = (await readFile(file, { encoding: 'utf8', signal: options.signal }).catch(() => '')).trim()
      if (claimCodePattern.test(shown)) {
        code = shown
        init.logger.notice(`claim code for this node: ${code} (as shown on the console since this boot)`)
        return code
      }
      code = generateClaimCode()
      init.logger.notice(`claim code for this node: ${code}`)
      try {
        await writeFileAtomic(file, `${code}\n`, { mode: 0o644, signal: options.signal })
      } catch (error) {
        options.signal?.throwIfAborted()
        init.logger.error('cannot write the claim code for the console banner; it is only in the journal', { file, error })
      }
      return code
    },
    matches: (typed) => code !== undefined && claimCodeMatches(code, typed),
    async retire () {
      code = undefined
      await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') init.logger.warning('cannot delete the claim code file', { file, error })
      })
    }
  }
}
