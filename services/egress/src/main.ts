// Entry point of the pc2-egress unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths).

import { configureLogging, createLogger, defaultConfigDir, loadImageConfig, loadSettings, runService } from '@pc2/core'
import { egress, egressDefaults } from './index.ts'
import type { Egress } from './index.ts'

const imageConfigPath = process.env.PC2_IMAGE_CONFIG ?? '/usr/lib/pc2/image.config'
const configDir = process.env.PC2_CONFIG_DIR ?? defaultConfigDir
const stateDir = process.env.PC2_EGRESS_DIR ?? egressDefaults.stateDir
const runtimeDir = process.env.PC2_RUNTIME_DIR ?? egressDefaults.runtimeDir
const cgroupSlice = process.env.PC2_EGRESS_CGROUP_SLICE ?? egressDefaults.cgroups.slice
// Where app runs' transient units are (pc2-app-runs.slice is pc2.slice/pc2-app.slice/pc2-app-runs.slice).
const appSlice = process.env.PC2_EGRESS_APP_SLICE ?? 'pc2.slice/pc2-app.slice/pc2-app-runs.slice'

const logger = createLogger('pc2-egress')
let service: Egress | undefined

await runService({
  name: 'pc2-egress',
  async start ({ signal }) {
    const imageConfig = await loadImageConfig(imageConfigPath, { signal })
    const settings = await loadSettings({ configDir, imageConfig, signal })
    configureLogging({ level: settings['log.level'] })
    service = egress({
      stateDir,
      runtimeDir,
      loadSettings: async (options = {}) => await loadSettings({ configDir, imageConfig, ...options }),
      nflog: { group: egressDefaults.logGroup },
      ...(process.env.PC2_EGRESS_RESOLV_CONF === undefined ? {} : { resolvConf: process.env.PC2_EGRESS_RESOLV_CONF }),
      cgroups: { ...egressDefaults.cgroups, slice: cgroupSlice, level: cgroupSlice.split('/').length + 1 },
      appCgroupLevel: appSlice.split('/').length + 1
    })({ logger })
    await service.start({ signal })
    return `rules applied; listening on ${service.socketPath}`
  },
  async stop ({ signal }) {
    await service?.stop({ signal })
  }
}, { logger })
