// A sliding-window limit per client: at most `limit` attempts in any `windowMs`. Small and
// in memory, like everything about sign-in; the key count is capped so that a flood of
// addresses cannot grow it without bound.

import { TooManyRequestsError } from '@pc2/core'

export interface RateLimiter {
  /** Counts one attempt by `key`, or throws TooManyRequestsError (with retryAfterSeconds). */
  take (key: string): void
}

export interface RateLimiterInit {
  /** What is being limited, for the error message: "claim attempts". */
  what: string
  limit: number
  windowMs?: number
  now?: () => number
  capacity?: number
}

export function createRateLimiter (init: RateLimiterInit): RateLimiter {
  const windowMs = init.windowMs ?? 60_000
  const now = init.now ?? Date.now
  const capacity = init.capacity ?? 10_000
  const attempts = new Map<string, number[]>()

  return {
    take (key) {
      const time = now()
      const recent = (attempts.get(key) ?? []).filter((at) => at > time - windowMs)
      if (recent.length >= init.limit) {
        attempts.set(key, recent)
        const retryAfterSeconds = Math.max(1, Math.ceil(((recent[0] ?? time) + windowMs - time) / 1000))
        throw new TooManyRequestsError(`too many ${init.what}; try again in ${retryAfterSeconds} s`, { details: { retryAfterSeconds } })
      }
      recent.push(time)
      // Re-inserting keeps the map in order of last use, so the first key is the stalest.
      attempts.delete(key)
      attempts.set(key, recent)
      if (attempts.size > capacity) {
        const stalest = attempts.keys().next().value
        if (stalest !== undefined) attempts.delete(stalest)
      }
    }
  }
}
