// One operation at a time per key (a CID, or the wallet): two PUTs of different keys for
// the same CID must not both see "no record" and both answer 201, nor two first POST
// /wallet make two wallets. Operations on different keys run in parallel.

export interface KeyedLock {
  run<T> (key: string, work: () => Promise<T>): Promise<T>
}

export function createKeyedLock (): KeyedLock {
  const tails = new Map<string, Promise<unknown>>()
  return {
    async run (key, work) {
      const previous = tails.get(key) ?? Promise.resolve()
      const current = previous.catch(() => {}).then(work)
      tails.set(key, current)
      try {
        return await current
      } finally {
        // Forget the CID once nothing else queued behind this operation.
        if (tails.get(key) === current) tails.delete(key)
      }
    }
  }
}
