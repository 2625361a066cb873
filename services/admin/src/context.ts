// Everything the route handlers work with, built once per server: the stores of sign-in
// state (all in memory but the owner), the settings, where the node keeps its files, and
// the typed clients of the services pc2-admin fronts. Handlers get it as `admin`, beside
// their request, the caller's session and who is asking.

import type { AbortOptions, AdminStatus, AppsApi, EgressApi, ImageConfig, IpfsApi, Logger, Reply, RouteMethod, RouteRequest, ServiceClient, ShopApi, VaultApi } from '@pc2/core'
import type { ClaimCodeKeeper } from './auth/claim-code-file.ts'
import type { NonceStore } from './auth/nonces.ts'
import type { OwnerStore } from './auth/owner-store.ts'
import type { RateLimiter } from './auth/rate-limit.ts'
import type { Session, SessionStore } from './auth/sessions.ts'
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

/** The services pc2-admin fronts for the owner and the public gateway, each through its contract. */
export interface ServiceClients {
  ipfs: ServiceClient<IpfsApi>
  vault: ServiceClient<VaultApi>
  shop: ServiceClient<ShopApi>
  egress: ServiceClient<EgressApi>
  apps: ServiceClient<AppsApi>
}

export interface AdminContext {
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
  clients: ServiceClients
}

/** What a handler sees: its request, the admin context, and who is asking. */
export interface AdminRouteContext extends RouteRequest {
  admin: AdminContext
  /** The caller's valid session, if the request carried one. */
  session: Session | undefined
  /** The Host header as sent, or undefined when the client sent none (SIWE and CSRF compare against it). */
  host: string | undefined
  /** Who is asking, for rate limits: the client IP (an IPv6 client by its /64). */
  client: string
}

/** What an owner route's handler sees: the server has already checked session and CSRF. */
export interface OwnerRouteContext extends AdminRouteContext {
  session: Session
}

/**
 * public: anyone. owner: the owner's session, and the CSRF token on changes (the UI's API).
 * app: the owner's session, and an own-origin form post on changes: a web app's pages are
 * plain HTML forms, which cannot send the token (routes/apps.ts).
 */
type Access = 'public' | 'owner' | 'app'

interface RouteShape {
  method: RouteMethod
  path: string
  /** With path `/*`: not the paths under this prefix (the API's unknown paths stay 404s). */
  excluding?: string
}

export interface PublicRoute extends RouteShape {
  access: 'public'
  handler: (context: AdminRouteContext) => Promise<Reply>
}

export interface OwnerRoute extends RouteShape {
  access: Exclude<Access, 'public'>
  handler: (context: OwnerRouteContext) => Promise<Reply>
}

export type AdminRoute = PublicRoute | OwnerRoute
