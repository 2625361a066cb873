// A guest console for tests of the waiting reads: text that grows on a schedule, as a
// booting guest's serial log does, and optionally a guest that stops.
import type { GuestConsole } from '../src/console.ts'

export interface FakeConsole extends GuestConsole {
  /** Appends `text` after `delayMs`. */
  printLater: (text: string, delayMs: number) => void
  /** From now on the guest has stopped, for this reason. */
  stop: (reason: string) => void
  reads: number
}

export function fakeConsole (initial = ''): FakeConsole {
  let text = initial
  let stoppedBecause: string | undefined
  const timers: NodeJS.Timeout[] = []
  const console: FakeConsole = {
    reads: 0,
    serial: () => { console.reads++; return text },
    tail: (lines = 40) => text.split('\n').slice(-lines).join('\n'),
    stopped: async () => stoppedBecause,
    printLater: (more, delayMs) => { timers.push(setTimeout(() => { text += more }, delayMs)) },
    stop: (reason) => { stoppedBecause = reason }
  }
  return console
}
