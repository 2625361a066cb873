// Many filesystem calls at once, but not unboundedly many: the disk merges concurrent syncs
// into fewer journal commits, and libuv's small thread pool serves the rest in turn.

/** Runs `work` over every one of `items`, at most `width` at a time; then throws the first failure. */
export async function inParallel<T> (items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  let failure: unknown
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T).catch((error: unknown) => { failure ??= error })
  }))
  if (failure !== undefined) throw failure
}
