// How far a transfer is and how fast it goes, in words: "12.0 MiB of 20.0 MiB · 60% ·
// 35.2 MiB/s". The speed is measured over the last few seconds, so it follows the link
// as it is now rather than averaging in a stall from a minute ago.

import { formatBytes } from './format.ts'

interface Sample {
  at: number
  bytes: number
}

export class TransferRate {
  private readonly windowMs: number
  private samples: Sample[] = []

  constructor (windowMs = 3000) {
    this.windowMs = windowMs
  }

  /** Record that `bytes` are done in total at time `at` (ms). Going backwards starts over. */
  add (bytes: number, at: number): void {
    const last = this.samples.at(-1)
    if (last !== undefined && bytes < last.bytes) this.samples = []
    this.samples.push({ at, bytes })
    // Keep one sample older than the window, so the window is always fully covered.
    while (this.samples.length > 2 && (this.samples[1]?.at ?? at) <= at - this.windowMs) this.samples.shift()
  }

  /** Forget the history, e.g. after a pause during which nothing moved. */
  reset (): void {
    this.samples = []
  }

  /** Bytes per second over the window; undefined until there is a quarter second to measure. */
  bytesPerSecond (): number | undefined {
    const first = this.samples[0]
    const last = this.samples.at(-1)
    if (first === undefined || last === undefined) return undefined
    const elapsed = last.at - first.at
    if (elapsed < 250) return undefined
    return ((last.bytes - first.bytes) * 1000) / elapsed
  }
}

export interface TransferState {
  done: number
  /** Undefined when the size is not known (a download without Content-Length). */
  total: number | undefined
  bytesPerSecond?: number | undefined
}

/** Fraction done, 0–1, or undefined when the total is unknown. An empty transfer is done. */
export function fractionDone ({ done, total }: TransferState): number | undefined {
  if (total === undefined || !Number.isFinite(total) || total < 0) return undefined
  if (total === 0) return 1
  return Math.min(1, Math.max(0, done / total))
}

/** Whole percent, never 100 before the last byte (rounding 99.7 up would claim "done"). */
export function percentDone (state: TransferState): number | undefined {
  const fraction = fractionDone(state)
  if (fraction === undefined) return undefined
  const percent = Math.round(fraction * 100)
  return percent === 100 && state.done < (state.total ?? 0) ? 99 : percent
}

export function formatRate (bytesPerSecond: number): string {
  return `${formatBytes(Math.max(0, bytesPerSecond))}/s`
}

/** "12.0 MiB of 20.0 MiB · 60% · 35.2 MiB/s"; parts that are not known are left out. */
export function describeTransfer (state: TransferState): string {
  const percent = percentDone(state)
  const parts = [state.total === undefined ? formatBytes(state.done) : `${formatBytes(state.done)} of ${formatBytes(state.total)}`]
  if (percent !== undefined) parts.push(`${percent}%`)
  if (state.bytesPerSecond !== undefined && Number.isFinite(state.bytesPerSecond)) parts.push(formatRate(state.bytesPerSecond))
  return parts.join(' · ')
}
