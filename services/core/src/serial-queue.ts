// Work run one piece at a time, in the order it was asked for; a piece that fails does not
// stop the ones after it.

export type SerialQueue = <T>(work: () => Promise<T>) => Promise<T>

export function serialQueue (): SerialQueue {
  let queue: Promise<unknown> = Promise.resolve()
  return async <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work)
    queue = result.catch(() => {})
    return await result
  }
}
