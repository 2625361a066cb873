// Entry point of the pc2-vault unit. Where things are comes from the environment (the unit
// file may set it; the defaults are the appliance's paths), so the same bundle runs on the
// appliance and on a developer's machine. The vault has no settings of its own; it loads
// them for log.level.

import { ownSocketPath, readEnvironment, runService } from '@pc2/core'
import { vault, vaultDefaults } from './index.ts'

await runService({
  name: 'pc2-vault',
  create: ({ logger, environment }) => vault({
    stateDir: readEnvironment(environment).text('PC2_VAULT_DIR', vaultDefaults.stateDir),
    socketPath: ownSocketPath('vault', environment)
  })({ logger }),
  status: (service) => `listening on ${service.socketPath}`
})
