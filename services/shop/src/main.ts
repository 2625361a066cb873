// Entry point of the pc2-shop unit. Paths come from the environment (the unit file sets
// them; the defaults are the appliance's), so the same bundle runs on the appliance and on
// a developer's machine. shop.* settings saved in the admin UI apply without a restart.
// PC2_SHOP_TEST_CRASH_AFTER=<step> (tests only) kills the process with SIGKILL right after
// a deliver transaction reaches that step: a power cut mid-delivery.

import { ownSocketPath, readEnvironment, runService, serviceSocketPath } from '@pc2/core'
import type { SendStep } from './chain/sender-components.ts'
import { shop, shopDefaults } from './index.ts'

await runService({
  name: 'pc2-shop',
  create: ({ logger, settings, loadSettings, environment }) => {
    const variables = readEnvironment(environment)
    const crashAfter = variables.optional('PC2_SHOP_TEST_CRASH_AFTER') as SendStep | undefined
    return shop({
      stateDir: variables.text('PC2_SHOP_DIR', shopDefaults.stateDir),
      socketPath: ownSocketPath('shop', environment),
      vaultSocket: serviceSocketPath('vault', environment),
      reloadSettings: loadSettings,
      ...(crashAfter === undefined
        ? {}
        : {
            onSendStep: (step, record) => {
              if (step !== crashAfter || record.purpose.kind !== 'deliver') return
              logger.warning('test crash', { step, nonce: record.nonce })
              process.kill(process.pid, 'SIGKILL')
            }
          })
    })({ logger, settings })
  },
  status: (_service, { settings }) => settings['shop.rpcUrl'] === 'off' || settings['shop.contract'] === 'off' ? 'selling is off' : `watching ${settings['shop.contract']}`
})
