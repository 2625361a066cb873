// SIWE nonces: issued by this node, good for one sign-in attempt within ten minutes. Held
// in memory under a size cap, so that asking for nonces in a loop cannot exhaust memory.

import { randomBytes } from 'node:crypto'

export interface IssuedNonce {
  nonce: string
  /** Milliseconds since the epoch. */
  expiresAt: number
}

export interface NonceStore {
  issue (): IssuedNonce
  /** True once for a nonce this store issued that has not expired; it is spent either way. */
  consume (nonce: string): boolean
}

export interface NonceStoreInit {
  now?: () => number
  lifetimeMs?: number
  capacity?: number
}

export const nonceLifetimeMs = 10 * 60_000

export function createNonceStore (init: NonceStoreInit = {}): NonceStore {
  const now = init.now ?? Date.now
  const lifetimeMs = init.lifetimeMs ?? nonceLifetimeMs
  const capacity = init.capacity ?? 10_000
  // Insertion order is issue order, so the first key is always the oldest.
  const nonces = new Map<string, number>()

  const dropExpired = (): void => {
    for (const [nonce, expiresAt] of nonces) {
      if (expiresAt > now()) break
      nonces.delete(nonce)
    }
  }

  return {
    issue () {
      dropExpired()
      while (nonces.size >= capacity) {
        const oldest = nonces.keys().next().value
        if (oldest === undefined) break
        nonces.delete(oldest)
      }
      // 128 bits as hex: letters and digits only, as EIP-4361 requires of a nonce.
      const issued = { nonce: randomBytes(16).toString('hex'), expiresAt: now() + lifetimeMs }
      nonces.set(issued.nonce, issued.expiresAt)
      return issued
    },
    consume (nonce) {
      const expiresAt = nonces.get(nonce)
      nonces.delete(nonce)
      return expiresAt !== undefined && expiresAt > now()
    }
  }
}
