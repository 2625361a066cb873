// When a client tries again after the node stumbled, and when it stops. One policy for the
// browser and the CLI, merged from the two they had:
// - what is retried (the CLI's list): no answer at all, 408, 429, 500, 502, 503 (pc2-admin
//   while pc2-ipfs restarts), 504, and a 409 offset mismatch (a request that landed after
//   all). A full disk (507), a missing feature (501) or any other refusal is an answer,
//   and waiting does not change it.
// - how long it waits (the CLI's pace, the browser's manners): exponential back-off from a
//   quarter second to five seconds, since a node on the LAN is cheap to ask and an owner
//   should not wait 15 s after it is back; a server's Retry-After wins when it asks for
//   longer (up to four times the ceiling).
// - when it gives up: only when both hold, a stretch of time without progress (the CLI's
//   measure, since a failure can take 60 s to show or come at once) and a number of tries
//   (the browser's, so that a suspended laptop or a throttled background tab, whose clock
//   jumps, still tries a few times after it wakes). Progress starts a new count.

import type { UploadFailure } from './upload-transport.ts'

export interface RetryPolicy {
  firstDelayMs: number
  maxDelayMs: number
  /** Consecutive failures that must have happened before giving up… */
  maxAttempts: number
  /** …and how long they must have lasted, since the last progress. */
  giveUpAfterMs: number
}

// Long enough for a service restart or a reboot of the node (a Pi takes a minute or two).
export const defaultRetryPolicy: RetryPolicy = { firstDelayMs: 250, maxDelayMs: 5_000, maxAttempts: 5, giveUpAfterMs: 150_000 }

const notNowStatuses = new Set([408, 429, 500, 502, 503, 504])

/** Failures that say "not now" rather than "no". */
export function isRetryableFailure (failure: UploadFailure): boolean {
  if (failure.kind === 'unreachable') return true
  if (failure.kind === 'local') return false
  return failure.name === 'UploadOffsetMismatchError' || notNowStatuses.has(failure.status)
}

/** Exponential back-off for the how-many-th failure; a server's Retry-After wins when it asks for longer. */
export function retryDelayMs (attempt: number, policy: Pick<RetryPolicy, 'firstDelayMs' | 'maxDelayMs'>, failure?: { retryAfterSeconds?: number | undefined }): number {
  const backoff = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempt - 1))
  const asked = (failure?.retryAfterSeconds ?? 0) * 1000
  return Math.max(backoff, Math.min(asked, policy.maxDelayMs * 4))
}

/** The failures since the last progress. */
export interface FailureStreak {
  readonly failures: number
  /** Counts one more failure; true when the policy says to stop. */
  failed (): boolean
  /** Something moved forward: the next failure starts a new streak. */
  progressed (): void
}

export function createFailureStreak (policy: RetryPolicy, now: () => number): FailureStreak {
  let failures = 0
  let since: number | undefined
  return {
    get failures () { return failures },
    failed () {
      failures++
      since ??= now()
      return failures >= policy.maxAttempts && now() - since >= policy.giveUpAfterMs
    },
    progressed () {
      failures = 0
      since = undefined
    }
  }
}
