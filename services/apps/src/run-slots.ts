// How many runs go at once. Each run is a process with its own memory grant; without a cap a
// burst of requests to a web app would start one per request and exhaust the node. Runs past
// the cap wait their turn in order; past the queue's length they are refused (503 AppsBusyError),
// and a waiting run whose caller went away leaves the queue.

import { AppsBusyError } from '@pc2/core'

export interface RunSlots {
  /** Runs `work` once a slot is free. */
  use<T> (work: () => Promise<T>, signal?: AbortSignal): Promise<T>
  readonly running: number
  readonly waiting: number
}

export function runSlots (concurrent: number, queued: number): RunSlots {
  let running = 0
  const waiting: Array<() => void> = []
  const release = (): void => {
    const next = waiting.shift()
    if (next === undefined) running--
    else next()
  }
  const acquire = async (signal: AbortSignal | undefined): Promise<void> => {
    signal?.throwIfAborted()
    if (running < concurrent) { running++; return }
    if (waiting.length >= queued) {
      throw new AppsBusyError(`${running} app runs are going and ${waiting.length} waiting: try again in a moment`, { details: { running, waiting: waiting.length } })
    }
    await new Promise<void>((resolve, reject) => {
      const turn = (): void => { signal?.removeEventListener('abort', leave); resolve() }
      const leave = (): void => {
        const index = waiting.indexOf(turn)
        if (index !== -1) waiting.splice(index, 1)
        reject(signal?.reason)
      }
      waiting.push(turn)
      signal?.addEventListener('abort', leave, { once: true })
    })
  }
  return {
    async use (work, signal) {
      await acquire(signal)
      try {
        return await work()
      } finally {
        release()
      }
    },
    get running () { return running },
    get waiting () { return waiting.length }
  }
}
