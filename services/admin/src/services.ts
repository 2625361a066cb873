// Everything the route handlers work with, built once per server: the stores of sign-in
// state (all in memory but the owner), the settings, and where the node keeps its files.
// Handlers get it as `context.services` and take what they need.

import type { AbortOptions, AdminStatus, ImageConfig, Logger } from '@pc2/core'
import type { ClaimCodeKeeper } from './auth/claim-code-file.ts'
import type { NonceStore } from './auth/nonces.ts'
import type { OwnerStore } from './auth/owner-store.ts'
import type { RateLimiter } from './auth/rate-limit.ts'
import type { SessionStore } from './auth/sessions.ts'
import type { ServiceSocket } from './backends/service-socket.ts'
import type { SettingsStore } from './settings/store.ts'

export interface JournalStreams {
  /** The journalctl program (a name looked up on PATH, or a path). */
  program: string
  /** How often an idle stream sends a `: keep-alive` comment. */
  keepAliveMs: number
  /** Streams open now, and the most allowed: each one is a journalctl process. */
  active: number
  max: number
}

export interface AdminServices {
  imageConfig: ImageConfig
  logger: Logger
  now: () => number
  /** Whether the clock is right: set by a real-time clock at boot or by NTP (auth/clock.ts). */
  clockKnown: () => boolean
  settings: SettingsStore
  collectStatus: (options: AbortOptions) => Promise<AdminStatus>
  owner: OwnerStore
  claimCode: ClaimCodeKeeper
  nonces: NonceStore
  sessions: SessionStore
  limits: { claim: RateLimiter, login: RateLimiter, nonce: RateLimiter, storefront: RateLimiter }
  journal: JournalStreams
  /** Where the power request goes (tmpfs, the unit's RuntimeDirectory). */
  runtimeDir: string
  /** The web UI bundle. */
  webUiDir: string
  /** The services pc2-admin fronts for the owner and the public gateway. */
  backends: { ipfs: ServiceSocket, vault: ServiceSocket, shop: ServiceSocket, egress: ServiceSocket, apps: ServiceSocket }
  /** Aborts when the server stops; long-lived streams end on it. */
  stopping: AbortSignal
}
