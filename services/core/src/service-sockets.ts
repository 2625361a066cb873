// Where each PC2 service's API socket is, and who may call it: one table, read by the services
// (their own socket and the ones they call) and held against the unit files by
// services/core/test/service-sockets.spec.ts, so the units name no socket path of their own.
// A socket's directory is its unit's RuntimeDirectory (tmpfs, made by systemd, mode 0750,
// owned by the service's user and group) and the socket is 0660: a caller gets in by being in
// that group (SupplementaryGroups=), or by being root.

import { join } from 'node:path'

export interface ServiceSocket {
  /** The unit that serves it. */
  unit: string
  /** The unit's RuntimeDirectory, under /run. */
  directory: string
  file: string
  /** The environment variable that tells a caller where it is (tests, a developer's machine). */
  environment: string
  /** The group the socket and its directory belong to. */
  group: string
  /** The units that call it. */
  callers: readonly string[]
}

export const serviceSockets = {
  vault: { unit: 'pc2-vault', directory: '/run/pc2/vault', file: 'api.sock', environment: 'PC2_VAULT_SOCKET', group: 'pc2-vault', callers: ['pc2-admin', 'pc2-shop'] },
  ipfs: { unit: 'pc2-ipfs', directory: '/run/pc2/ipfs', file: 'api.sock', environment: 'PC2_IPFS_SOCKET', group: 'pc2-ipfs', callers: ['pc2-admin', 'pc2-apps'] },
  shop: { unit: 'pc2-shop', directory: '/run/pc2/shop', file: 'api.sock', environment: 'PC2_SHOP_SOCKET', group: 'pc2-shop', callers: ['pc2-admin'] },
  egress: { unit: 'pc2-egress', directory: '/run/pc2/egress', file: 'api.sock', environment: 'PC2_EGRESS_SOCKET', group: 'pc2-egress', callers: ['pc2-admin', 'pc2-apps-launcher'] },
  apps: { unit: 'pc2-apps', directory: '/run/pc2/apps', file: 'api.sock', environment: 'PC2_APPS_SOCKET', group: 'pc2-apps', callers: ['pc2-admin'] },
  // The launcher runs as root with group pc2-apps: its socket is for pc2-apps alone.
  'apps-launcher': { unit: 'pc2-apps-launcher', directory: '/run/pc2/apps-launcher', file: 'launch.sock', environment: 'PC2_APP_LAUNCHER_SOCKET', group: 'pc2-apps', callers: ['pc2-apps'] }
} as const satisfies Record<string, ServiceSocket>

export type ServiceSocketName = keyof typeof serviceSockets

/** Where a caller finds the socket of `name`: its environment variable when set, else the table's path. */
export function serviceSocketPath (name: ServiceSocketName, environment: NodeJS.ProcessEnv = process.env): string {
  const socket = serviceSockets[name]
  const moved = environment[socket.environment]?.trim()
  return moved === undefined || moved === '' ? join(socket.directory, socket.file) : moved
}

/**
 * Where service `name` itself listens: its file in PC2_RUNTIME_DIR when set (the runtime
 * directory a test or a developer gives it), else in the table's directory.
 */
export function ownSocketPath (name: ServiceSocketName, environment: NodeJS.ProcessEnv = process.env): string {
  const socket = serviceSockets[name]
  const runtimeDir = environment.PC2_RUNTIME_DIR?.trim()
  return join(runtimeDir === undefined || runtimeDir === '' ? socket.directory : runtimeDir, socket.file)
}
