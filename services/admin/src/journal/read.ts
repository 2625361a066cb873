// GET /api/journal: the last N entries, by running journalctl once. pc2-admin reads the
// journal as a member of systemd-journal (SupplementaryGroups in its unit), nothing more.

import { execFile } from 'node:child_process'
import type { ExecFileException } from 'node:child_process'
import { UnavailableError } from '@pc2/core'
import type { AbortOptions, JournalEntry } from '@pc2/core'
import { parseJournalLine } from './entry.ts'
import { journalctlArgs } from './query.ts'
import type { JournalQuery } from './query.ts'

/** Plain, untranslated, unpaged, uncoloured output is what the parser expects. */
export const journalctlEnvironment = { LC_ALL: 'C', SYSTEMD_COLORS: '0', SYSTEMD_PAGER: '', SYSTEMD_URLIFY: '0' }

export async function readJournal (
  program: string,
  query: JournalQuery,
  options: AbortOptions & { timeoutMs?: number } = {}
): Promise<JournalEntry[]> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(program, journalctlArgs(query, { follow: false }), {
      timeout: options.timeoutMs ?? 15_000,
      signal: options.signal,
      maxBuffer: 32 * 1024 * 1024,
      env: { ...process.env, ...journalctlEnvironment }
    }, (error, out, stderr) => {
      if (error === null) resolve(out)
      else if (options.signal?.aborted === true) reject(options.signal.reason)
      else reject(journalUnavailable(program, error, stderr))
    })
  })
  return stdout.split('\n').map(parseJournalLine).filter((entry) => entry !== undefined)
}

function journalUnavailable (program: string, error: ExecFileException, stderr: string): UnavailableError {
  const reason = error.code === 'ENOENT'
    ? `${program} is not installed`
    : error.killed === true ? `${program} did not answer in time` : stderr.trim().split('\n')[0] ?? error.message
  return new UnavailableError(`cannot read the journal: ${reason === '' ? error.message : reason}`, { cause: error })
}
