// Progress of a long transfer on stderr (stdout is kept for the result, e.g. the share
// link). On a terminal: one line rewritten in place, at most 10 times a second. Elsewhere
// (a log, CI): a plain line every few seconds, so the output stays readable.

export interface ProgressOutput {
  write (text: string): unknown
  isTTY?: boolean
}

export interface Progress {
  /** `done` bytes of `total` (total may be learnt later, e.g. from the file's metadata). */
  update (done: number, total?: number): void
  /** A one-off remark (a retry) that must not be overwritten by the next update. */
  note (text: string): void
  /** Ends the line with a summary. */
  finish (summary: string): void
  /** Clears the line before an error is printed. */
  abandon (): void
}

export interface ProgressOptions {
  label: string
  total?: number
  output: ProgressOutput
  /** Lines apart when the output is not a terminal. */
  intervalMs?: number
  now?: () => number
}

export function createProgress (options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now())
  const tty = options.output.isTTY === true
  const interval = tty ? 100 : options.intervalMs ?? 5_000
  const started = now()
  let total = options.total
  let done = 0
  let lastShown = -Infinity
  let lineOpen = false

  const line = (): string => {
    const seconds = Math.max((now() - started) / 1000, 0.001)
    const rate = `${formatMiB(done / seconds)}/s`
    if (total === undefined || total === 0) return `${options.label} ${formatMiB(done)} ${rate}`
    const percent = Math.floor((done / total) * 100)
    return `${options.label} ${String(percent).padStart(3)}% ${formatMiB(done)} of ${formatMiB(total)} ${rate}`
  }
  const clear = (): void => {
    if (tty && lineOpen) options.output.write('\r\x1b[K')
    lineOpen = false
  }

  return {
    update (value, newTotal) {
      done = value
      if (newTotal !== undefined) total = newTotal
      const time = now()
      if (time - lastShown < interval) return
      lastShown = time
      if (tty) {
        options.output.write(`\r\x1b[K${line()}`)
        lineOpen = true
      } else {
        options.output.write(`${line()}\n`)
      }
    },
    note (text) {
      clear()
      options.output.write(`${text}\n`)
      lastShown = -Infinity
    },
    finish (summary) {
      clear()
      const seconds = (now() - started) / 1000
      options.output.write(`${summary} (${formatMiB(done)} in ${seconds.toFixed(1)} s, ${formatMiB(done / Math.max(seconds, 0.001))}/s)\n`)
    },
    abandon () {
      clear()
    }
  }
}

export function formatMiB (bytes: number): string {
  const mib = bytes / (1024 * 1024)
  return `${mib >= 100 ? mib.toFixed(0) : mib.toFixed(1)} MiB`
}
