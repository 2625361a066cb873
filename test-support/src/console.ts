// Reading a guest's console: it is a log that grows while the guest runs, so a read waits
// until what it looks for has been printed (or the guest can print nothing more, or time
// is up) instead of taking whatever is there at that instant.
import { setTimeout as sleep } from 'node:timers/promises'

/** A console that is still being written: a QEMU guest's serial log, or a test's fake. */
export interface GuestConsole {
  /** Everything printed so far. */
  serial: () => string
  /** The last lines printed, for error messages. */
  tail: (lines?: number) => string
  /**
   * Why nothing more will be printed (the guest stopped), or undefined while it runs. May
   * throw an error of its own (a kernel panic) to end the wait with it.
   */
  stopped?: (pattern: RegExp, from: number) => Promise<string | undefined>
}

export interface ConsoleWait {
  timeoutMs: number
  /** Count only what was printed after this many characters. */
  from?: number
  /** How often the console is read again. */
  pollMs?: number
}

/** The console never showed what a harness waited for. */
export class ConsoleTimeoutError extends Error {
  override readonly name = 'ConsoleTimeoutError'
}

/** The guest stopped before its console showed what a harness waited for. */
export class ConsoleStoppedError extends Error {
  override readonly name = 'ConsoleStoppedError'
}

/** Waits until the console shows `pattern` (after `from`); returns the first match. */
export async function waitForConsole (console: GuestConsole, pattern: RegExp, wait: ConsoleWait): Promise<RegExpMatchArray> {
  const from = wait.from ?? 0
  const until = Date.now() + wait.timeoutMs
  for (;;) {
    // A global pattern's lastIndex must not carry over from one read to the next.
    const match = console.serial().slice(from).match(new RegExp(pattern.source, pattern.flags.replace('g', '')))
    if (match !== null) return match
    const stopped = await console.stopped?.(pattern, from)
    if (stopped !== undefined) throw new ConsoleStoppedError(`the console did not show ${pattern} before ${stopped}; last lines:\n${console.tail()}`)
    if (Date.now() >= until) throw new ConsoleTimeoutError(`the console did not show ${pattern} within ${wait.timeoutMs / 1000}s; last lines:\n${console.tail()}`)
    await sleep(Math.min(wait.pollMs ?? 500, Math.max(0, until - Date.now())))
  }
}

/** Every match of `pattern` (made global) printed after `from`, waiting for the first. */
export async function waitForAllOnConsole (console: GuestConsole, pattern: RegExp, wait: ConsoleWait): Promise<RegExpMatchArray[]> {
  await waitForConsole(console, pattern, wait)
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)
  return [...console.serial().slice(wait.from ?? 0).matchAll(global)]
}
