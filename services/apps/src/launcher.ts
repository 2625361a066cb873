// Entry point of pc2-apps-launcher (root; bundled as pc2-apps-launcher.mjs): starts each app
// run as a transient systemd unit for pc2-apps (launcher/daemon.ts). Where things are comes
// from the environment (the unit file sets it; the defaults are the appliance's paths).

import { readFileSync } from 'node:fs'
import { ConfigError, readEnvironment, runService, serviceSocketPath } from '@pc2/core'
import { appLauncher } from './launcher/daemon.ts'

/** A group's number from /etc/group (the image's, written at build time by sysusers). */
function groupId (name: string): number {
  const line = readFileSync('/etc/group', 'utf8').split('\n').find((entry) => entry.startsWith(`${name}:`))
  const gid = Number(line?.split(':')[2])
  if (line === undefined || !Number.isInteger(gid)) throw new ConfigError(`the group ${name} is not in /etc/group`, { details: { group: name } })
  return gid
}

await runService({
  name: 'pc2-apps-launcher',
  create: ({ logger, environment }) => {
    const env = readEnvironment(environment)
    const group = env.text('PC2_APP_DATA_GROUP', 'pc2-app-data')
    return appLauncher({
      // The socket pc2-apps calls (core's socket table; PC2_APP_LAUNCHER_SOCKET moves it for both).
      socketPath: serviceSocketPath('apps-launcher', environment),
      appsDir: env.text('PC2_APPS_DIR', '/data/apps'),
      dataGroup: { name: group, gid: groupId(group) },
      node: env.text('PC2_NODE', process.execPath),
      childScript: env.text('PC2_APPS_CHILD', '/usr/lib/pc2/pc2-apps-child.mjs'),
      slice: 'pc2-app-runs.slice',
      egressSocket: serviceSocketPath('egress', environment),
      logger
    })
  },
  status: (launcher) => `listening on ${launcher.socketPath}`
})
