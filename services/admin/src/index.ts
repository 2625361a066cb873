// pc2-admin — the appliance's HTTP front on the LAN. Today it serves the node's status
// (GET /api/status: product, root and verity, /data, systemd state, listening sockets) and
// a placeholder page; the admin UI, SIWE login, storefront and share pages come here next.
// It holds no secrets: keys stay in pc2-vault behind its own process boundary.

import { once } from 'node:events'
import type { AbortOptions, Components } from '@pc2/core'
import { listen } from './listen.ts'
import { routes } from './routes.ts'
import { createAdminServer } from './server.ts'
import { collectStatus } from './status/collect.ts'
import { defaultStatusPaths } from './status/paths.ts'
import type { StatusPaths } from './status/paths.ts'
import { createSystemctl } from './status/systemctl.ts'

export interface AdminInit {
  /** IP address literal to listen on; `::` means every address. */
  host: string
  /** TCP port; 0 picks a free one (tests). */
  port: number
  paths?: Partial<StatusPaths>
  systemctlTimeoutMs?: number
}

export type AdminComponents = Pick<Components, 'logger' | 'imageConfig'>

export interface Admin {
  start (options?: AbortOptions): Promise<void>
  /** Stops accepting connections and waits for requests in flight; aborting closes them all. */
  stop (options?: AbortOptions): Promise<void>
  /** Where the server listens, once started. */
  address (): { host: string, port: number } | undefined
}

export type { StatusPaths } from './status/paths.ts'

export function admin (init: AdminInit): (components: AdminComponents) => Admin {
  return ({ logger, imageConfig }) => {
    const paths: StatusPaths = { ...defaultStatusPaths, ...init.paths }
    const systemctl = createSystemctl(paths.systemctl, init.systemctlTimeoutMs)
    const server = createAdminServer(routes, {
      imageConfig,
      collectStatus: async (options) => await collectStatus({ imageConfig, paths, systemctl }, options)
    }, logger)
    let listening: { host: string, port: number } | undefined

    return {
      async start (options = {}) {
        const host = await listen(server, init.host, init.port, options.signal)
        const address = server.address()
        listening = { host, port: typeof address === 'object' && address !== null ? address.port : init.port }
        logger.info('listening', listening)
      },
      async stop (options = {}) {
        if (!server.listening) return
        const closed = once(server, 'close')
        server.close()
        server.closeIdleConnections()
        const abandon = (): void => { server.closeAllConnections() }
        options.signal?.addEventListener('abort', abandon, { once: true })
        try {
          await closed
        } finally {
          options.signal?.removeEventListener('abort', abandon)
        }
        listening = undefined
        logger.info('closed')
      },
      address: () => listening
    }
  }
}
