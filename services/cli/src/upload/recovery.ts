// What the upload does when the node stumbles: a network error, a 5xx while a service
// restarts (pc2-admin answers 503 while pc2-ipfs is down), a 429, or a lost session (a
// restarted pc2-admin forgets sessions). It waits with exponential backoff and tries
// again, and gives up only after a stretch of time with no success at all. Anything else
// (a 4xx refusal, a full quota) is final at once.

import { setTimeout as sleep } from 'node:timers/promises'
import type { AbortOptions } from '@pc2/core'
import { NetworkError, NodeApiError } from '../errors.ts'

export interface RetryPolicy {
  firstDelayMs: number
  maxDelayMs: number
  /** Gives up when this long has passed since the last success. */
  giveUpAfterMs: number
}

export const defaultRetryPolicy: RetryPolicy = { firstDelayMs: 250, maxDelayMs: 5_000, giveUpAfterMs: 120_000 }

export interface Recovery {
  /** Runs `operation` until it succeeds or the failure is final. */
  run<T> (operation: () => Promise<T>): Promise<T>
  /** Handles one failure: resolves when it is time to try again, throws when not to. */
  recover (error: unknown): Promise<void>
  /** Marks progress: the next failure starts a fresh backoff. */
  succeeded (): void
}

export interface RecoveryComponents extends AbortOptions {
  policy?: RetryPolicy
  /** Signs in again after the node forgot the session. */
  signIn: () => Promise<void>
  /** Tells the person what is going on. */
  onRetry: (text: string) => void
  now?: () => number
}

export function createRecovery (components: RecoveryComponents): Recovery {
  const policy = components.policy ?? defaultRetryPolicy
  const now = components.now ?? Date.now
  let failingSince: number | undefined
  let delay = policy.firstDelayMs

  const recovery: Recovery = {
    async run (operation) {
      for (;;) {
        try {
          const result = await operation()
          recovery.succeeded()
          return result
        } catch (error) {
          await recovery.recover(error)
        }
      }
    },
    async recover (error) {
      components.signal?.throwIfAborted()
      if (!isTransient(error)) throw error
      failingSince ??= now()
      if (now() - failingSince > policy.giveUpAfterMs) throw error
      if (error instanceof NodeApiError && error.remoteName === 'UnauthenticatedError') {
        components.onRetry('the node forgot the session (it restarted?); signing in again')
        try {
          await components.signIn()
          return
        } catch (signInError) {
          if (!isTransient(signInError)) throw signInError
        }
      }
      components.onRetry(`${(error as Error).message}; retrying in ${(delay / 1000).toFixed(1)} s`)
      await sleep(delay, undefined, components.signal === undefined ? {} : { signal: components.signal })
      delay = Math.min(delay * 2, policy.maxDelayMs)
    },
    succeeded () {
      failingSince = undefined
      delay = policy.firstDelayMs
    }
  }
  return recovery
}

/** Failures that say "not now" rather than "no". */
export function isTransient (error: unknown): boolean {
  if (error instanceof NetworkError) return true
  if (!(error instanceof NodeApiError)) return false
  if (error.remoteName === 'UnauthenticatedError') return true
  // 507 (quota) and 501 are answers, not hiccups.
  return error.status === 408 || error.status === 429 || error.status === 500 || error.status === 502 || error.status === 503 || error.status === 504
}
