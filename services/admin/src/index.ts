// pc2-admin — the appliance's HTTP front on the LAN: the owner's admin API (claim and
// Sign-In with Ethereum, status, journal, settings, reboot) and the web UI that uses it.
// The contract is API.md next to this directory. It holds no secrets beyond in-memory
// sessions: keys stay in pc2-vault behind its own process boundary, and it holds no
// privilege (reboot goes through a root path unit that checks the request).

import { configureLogging, createRouteServer, serviceClient, serviceSocketPath } from '@pc2/core'
import type { AbortOptions, Components } from '@pc2/core'
import { createClaimCodeKeeper } from './auth/claim-code-file.ts'
import { ownerOnCommandLine } from './auth/boot-owner.ts'
import { clockIsKnown } from './auth/clock.ts'
import { createNonceStore } from './auth/nonces.ts'
import { createOwnerStore } from './auth/owner-store.ts'
import { createRateLimiter } from './auth/rate-limit.ts'
import { ownerResetRequested, resetOwner } from './auth/reset-owner.ts'
import { dispatchAdminRoute } from './auth/route-access.ts'
import { createSessionStore } from './auth/sessions.ts'
import type { AdminContext } from './context.ts'
import { commonHeaders, showsErrorDetails } from './headers.ts'
import { routes } from './routes.ts'
import { createSettingsStore } from './settings/store.ts'
import { collectStatus } from './status/collect.ts'
import { defaultStatusPaths } from './status/paths.ts'
import type { StatusPaths } from './status/paths.ts'
import { readOptionalText } from './status/read.ts'
import { createSystemctl } from './status/systemctl.ts'

export interface AdminInit {
  /** IP address literal to listen on; `::` means every address. */
  host: string
  /** TCP port; 0 picks a free one (tests). */
  port: number
  paths?: Partial<StatusPaths>
  systemctlTimeoutMs?: number
  /** Where owner.json lives (persistent, 0700). */
  stateDir?: string
  /** Where the claim code and power requests go (tmpfs, the unit's RuntimeDirectory). */
  runtimeDir?: string
  /** The web UI bundle. */
  webUiDir?: string
  /** The settings directory (pc2.conf, pc2.conf.d/). */
  configDir?: string
  /** The journalctl program. */
  journalctl?: string
  /** Attempts per minute and client; API.md's limits by default. */
  rateLimits?: Partial<Record<'claim' | 'login' | 'nonce' | 'storefront', number>>
  journalKeepAliveMs?: number
  /** The Unix sockets of pc2-ipfs, pc2-vault, pc2-shop, pc2-egress and pc2-apps. */
  sockets?: Partial<Record<'ipfs' | 'vault' | 'shop' | 'egress' | 'apps', string>>
}

export type AdminComponents = Pick<Components, 'logger' | 'imageConfig' | 'settings'>

export interface Admin {
  start (options?: AbortOptions): Promise<void>
  /** Ends open streams, stops accepting connections and waits for requests in flight; aborting closes them all. */
  stop (options?: AbortOptions): Promise<void>
  /** Where the server listens, once started. */
  address (): { host: string, port: number } | undefined
}

export type { StatusPaths } from './status/paths.ts'

export const adminDefaults = {
  stateDir: '/data/admin',
  runtimeDir: '/run/pc2-admin',
  webUiDir: '/usr/lib/pc2/web-ui',
  configDir: '/data/config',
  journalctl: 'journalctl'
} as const

/** Sign-in messages and settings are small; anything bigger is not a client of this API. */
const jsonBodyBytes = 64 * 1024

export function admin (init: AdminInit): (components: AdminComponents) => Admin {
  return ({ logger, imageConfig, settings }) => {
    const paths: StatusPaths = { ...defaultStatusPaths, ...init.paths }
    const systemctl = createSystemctl(paths.systemctl, init.systemctlTimeoutMs)
    const stateDir = init.stateDir ?? adminDefaults.stateDir
    const runtimeDir = init.runtimeDir ?? adminDefaults.runtimeDir
    const limit = (name: 'claim' | 'login' | 'nonce' | 'storefront', fallback: number, what: string): ReturnType<typeof createRateLimiter> =>
      createRateLimiter({ what, limit: init.rateLimits?.[name] ?? fallback })
    const socket = (name: 'ipfs' | 'vault' | 'shop' | 'egress' | 'apps'): string => init.sockets?.[name] ?? serviceSocketPath(name, {})
    const context: AdminContext = {
      imageConfig,
      logger,
      now: Date.now,
      clockKnown: () => clockIsKnown(paths),
      settings: createSettingsStore({
        configDir: init.configDir ?? adminDefaults.configDir,
        imageConfig,
        initial: settings,
        applied: (current) => { configureLogging({ level: current['log.level'] }) }
      }),
      collectStatus: async (options) => await collectStatus({ imageConfig, paths, systemctl }, options),
      owner: createOwnerStore({ stateDir }),
      claimCode: createClaimCodeKeeper({ runtimeDir, logger }),
      nonces: createNonceStore(),
      sessions: createSessionStore(),
      limits: {
        claim: limit('claim', 5, 'claim attempts'),
        login: limit('login', 20, 'sign-in attempts'),
        nonce: limit('nonce', 20, 'nonce requests'),
        // A buyer's page polls its purchase twice a second; this leaves room for a few tabs.
        storefront: limit('storefront', 600, 'storefront requests')
      },
      journal: { program: init.journalctl ?? adminDefaults.journalctl, keepAliveMs: init.journalKeepAliveMs ?? 15_000, active: 0, max: 8 },
      runtimeDir,
      webUiDir: init.webUiDir ?? adminDefaults.webUiDir,
      clients: {
        ipfs: serviceClient({ name: 'pc2-ipfs', socketPath: socket('ipfs') }),
        vault: serviceClient({ name: 'pc2-vault', socketPath: socket('vault') }),
        shop: serviceClient({ name: 'pc2-shop', socketPath: socket('shop') }),
        egress: serviceClient({ name: 'pc2-egress', socketPath: socket('egress') }),
        apps: serviceClient({ name: 'pc2-apps', socketPath: socket('apps') })
      }
    }
    // Requests run to their end when the server closes (the stop deadline cuts what lingers);
    // event streams end on the request's `stopping`.
    const server = createRouteServer(routes, {
      name: 'pc2-admin',
      state: { admin: context },
      logger,
      headers: commonHeaders,
      head: true,
      showErrorDetails: showsErrorDetails,
      endRequestsOnClose: false,
      // Node's own timeouts: headers within 60 s, a whole request within 5 min.
      limits: { jsonBodyBytes, requestTimeoutMs: 300_000 },
      dispatch: dispatchAdminRoute
    })

    return {
      async start (options = {}) {
        const cmdline = await readOptionalText(paths.cmdline, options.signal) ?? ''
        if (ownerResetRequested(cmdline)) {
          const movedTo = await resetOwner(stateDir, new Date(), options)
          logger.warning(movedTo === undefined
            ? 'owner reset requested (pc2.reset-owner=1), but the node has no owner'
            : 'owner reset requested (pc2.reset-owner=1): the node is unclaimed again', { movedTo })
        }
        let owner = await context.owner.load(options)
        const bootOwner = ownerOnCommandLine(cmdline)
        if (owner === undefined && bootOwner !== undefined) {
          if ('address' in bootOwner) {
            owner = await context.owner.claim(bootOwner.address, options)
            logger.notice('claimed by the owner named on the boot command line (pc2.owner=)', { owner: owner.address })
          } else {
            logger.error('pc2.owner= on the boot command line is not an Ethereum address (0x and 40 hex digits, in lower case or with a valid checksum): claim the node with its code instead', { value: bootOwner.invalid })
          }
        }
        if (owner === undefined) await context.claimCode.issue(options)
        else logger.info('owned', { owner: owner.address })
        await server.listen({ host: init.host, port: init.port }, options)
      },
      async stop (options = {}) {
        await server.close(options)
      },
      address: () => server.address()
    }
  }
}
