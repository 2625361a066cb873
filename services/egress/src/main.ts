// Entry point of the pc2-egress unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths). Settings are read again every few
// seconds and applied without a restart.

import { ownSocketPath, readEnvironment, runService } from '@pc2/core'
import { egressDefaults } from './defaults.ts'
import { egress } from './index.ts'

await runService({
  name: 'pc2-egress',
  create: ({ logger, loadSettings, environment }) => {
    const variables = readEnvironment(environment)
    const cgroupSlice = variables.text('PC2_EGRESS_CGROUP_SLICE', egressDefaults.cgroups.slice)
    const appSlice = variables.text('PC2_EGRESS_APP_SLICE', egressDefaults.appSlice)
    return egress({
      stateDir: variables.text('PC2_EGRESS_DIR', egressDefaults.stateDir),
      socketPath: ownSocketPath('egress', environment),
      loadSettings,
      nflog: { group: egressDefaults.logGroup },
      resolvConf: variables.text('PC2_EGRESS_RESOLV_CONF', egressDefaults.resolvConf),
      cgroups: { ...egressDefaults.cgroups, slice: cgroupSlice, level: cgroupSlice.split('/').length + 1 },
      appCgroupLevel: appSlice.split('/').length + 1
    })({ logger })
  },
  status: (service) => `rules applied; listening on ${service.socketPath}`
})
