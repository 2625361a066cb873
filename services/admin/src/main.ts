// Entry point of the pc2-admin unit. Where things are comes from the environment (the unit
// file may set it; the defaults are the appliance's paths), so the same bundle runs on the
// appliance and on a developer's machine.

import { defaultConfigDir, readEnvironment, runService, serviceSocketPath } from '@pc2/core'
import { admin, adminDefaults } from './index.ts'

await runService({
  name: 'pc2-admin',
  create: ({ logger, imageConfig, settings, environment }) => {
    const read = readEnvironment(environment)
    return admin({
      host: settings['admin.listen'],
      port: settings['admin.port'],
      paths: { dataDir: read.text('PC2_DATA_DIR', '/data') },
      stateDir: read.text('PC2_ADMIN_STATE_DIR', adminDefaults.stateDir),
      runtimeDir: read.text('PC2_RUNTIME_DIR', adminDefaults.runtimeDir),
      webUiDir: read.text('PC2_WEB_UI_DIR', adminDefaults.webUiDir),
      configDir: read.text('PC2_CONFIG_DIR', defaultConfigDir),
      journalctl: read.text('PC2_JOURNALCTL', adminDefaults.journalctl),
      sockets: {
        ipfs: serviceSocketPath('ipfs', environment),
        vault: serviceSocketPath('vault', environment),
        shop: serviceSocketPath('shop', environment),
        egress: serviceSocketPath('egress', environment),
        apps: serviceSocketPath('apps', environment)
      }
    })({ logger, imageConfig, settings })
  },
  status: (service) => {
    const address = service.address()
    return address === undefined ? undefined : `listening on port ${address.port}`
  }
})
