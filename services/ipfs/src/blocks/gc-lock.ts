// Garbage collection must never see a block that was written but not yet claimed (by an
// upload's leaf list, a fetch in progress, a pin). Every writer holds this lock shared from
// before it writes a block until the block is claimed; collection holds it exclusively. A
// waiting collection holds new writers off, so a busy node still gets collected.
// Never take `shared` inside `shared`: with a collection waiting in between, the inner one
// would wait for the collection, which waits for the outer one.

export interface GcLock {
  /** Runs `work` while no collection runs; any number of these run together. */
  shared<T> (work: () => Promise<T>): Promise<T>
  /** Runs `work` alone, once every shared holder has finished. */
  exclusive<T> (work: () => Promise<T>): Promise<T>
}

export function createGcLock (): GcLock {
  let readers = 0
  let writing = false
  let writersWaiting = 0
  let waiters: Array<() => void> = []

  const wakeAll = (): void => {
    const woken = waiters
    waiters = []
    for (const wake of woken) wake()
  }
  // Each caller loops on its own condition and claims the lock in the same synchronous run
  // as its last check: a helper returning a promise would let another caller in between.
  const wait = async (): Promise<void> => { await new Promise<void>((resolve) => { waiters.push(resolve) }) }

  return {
    async shared (work) {
      while (writing || writersWaiting > 0) await wait()
      readers += 1
      try {
        return await work()
      } finally {
        readers -= 1
        wakeAll()
      }
    },
    async exclusive (work) {
      writersWaiting += 1
      try {
        while (writing || readers > 0) await wait()
      } finally {
        writersWaiting -= 1
      }
      writing = true
      try {
        return await work()
      } finally {
        writing = false
        wakeAll()
      }
    }
  }
}
