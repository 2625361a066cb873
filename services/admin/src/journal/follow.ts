// GET /api/journal/stream: `journalctl --follow` for as long as someone listens. The child
// is killed when the signal aborts (the client went away, or the server is stopping), so no
// journalctl outlives the request that started it.

import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { UnavailableError } from '@pc2/core'
import type { JournalEntry } from '@pc2/core'
import { parseJournalLine } from './entry.ts'
import { journalctlArgs } from './query.ts'
import type { JournalQuery } from './query.ts'
import { journalctlEnvironment } from './read.ts'

export interface JournalFollow {
  /** New entries as journalctl prints them; ends when it exits or is killed. */
  entries: AsyncIterable<JournalEntry>
  /** journalctl's exit code (null when killed by a signal) and the end of what it said on stderr. */
  exited: Promise<{ code: number | null, stderr: string }>
  pid: number | undefined
}

/** Resolves once journalctl runs; UnavailableError when it cannot be started. */
export async function followJournal (program: string, query: JournalQuery, options: { signal: AbortSignal }): Promise<JournalFollow> {
  options.signal.throwIfAborted()
  const child = spawn(program, journalctlArgs(query, { follow: true }), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...journalctlEnvironment }
  })
  const kill = (): void => { child.kill('SIGTERM') }
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4096) })
  const exited = new Promise<{ code: number | null, stderr: string }>((resolve) => {
    child.once('close', (code) => {
      options.signal.removeEventListener('abort', kill)
      resolve({ code, stderr })
    })
  })
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', reject)
    })
  } catch (error) {
    throw new UnavailableError(`cannot follow the journal: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? `${program} is not installed` : (error as Error).message}`, { cause: error })
  }
  options.signal.addEventListener('abort', kill, { once: true })
  if (options.signal.aborted) kill()
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity })
  return { entries: parsed(lines), exited, pid: child.pid }
}

async function * parsed (lines: AsyncIterable<string>): AsyncIterable<JournalEntry> {
  for await (const line of lines) {
    const entry = parseJournalLine(line)
    if (entry !== undefined) yield entry
  }
}
