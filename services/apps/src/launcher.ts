// Entry point of pc2-apps-launcher (root; bundled as pc2-apps-launcher.mjs): starts each app
// run as a transient systemd unit for pc2-apps (launcher/daemon.ts). Not yet in the image:
// its unit and the root-owned /data/apps layout wait for their QEMU test (README, Apps).

import { readFileSync } from 'node:fs'
import { ConfigError, createLogger, runService } from '@pc2/core'
import { appLauncher } from './launcher/daemon.ts'
import type { AppLauncher } from './launcher/daemon.ts'

const logger = createLogger('pc2-apps-launcher')
let launcher: AppLauncher | undefined

/** A group's number from /etc/group (the image's, written at build time by sysusers). */
function groupId (name: string): number {
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((entry) => entry.startsWith(`${name}:`))
  const gid = Number(line?.split(':')[2])
  if (line === undefined || !Number.isInteger(gid)) throw new ConfigError(`the group ${name} is not in /etc/group`, { details: { group: name } })
  return gid
}

await runService({
  name: 'pc2-apps-launcher',
  async start ({ signal }) {
    const socketPath = process.env.PC2_APP_LAUNCHER_SOCKET ?? '/run/pc2/apps-launcher/launch.sock'
    const group = process.env.PC2_APP_DATA_GROUP ?? 'pc2-app-data'
    launcher = appLauncher({
      socketPath,
      appsDir: process.env.PC2_APPS_DIR ?? '/data/apps',
      dataGroup: { name: group, gid: groupId(group) },
      node: process.env.PC2_NODE ?? process.execPath,
      childScript: process.env.PC2_APPS_CHILD ?? '/usr/lib/pc2/pc2-apps-child.mjs',
      slice: 'pc2-app-runs.slice',
      egressSocket: process.env.PC2_EGRESS_SOCKET ?? '/run/pc2/egress/api.sock',
      logger
    })
    await launcher.start({ signal })
    return `listening on ${socketPath}`
  },
  async stop ({ signal }) {
    await launcher?.stop({ signal })
  }
}, { logger })
