// Entry point of the pc2-shop unit. Paths come from the environment (the unit file sets
// them; the defaults are the appliance's), so the same bundle runs on the appliance and on
// a developer's machine. PC2_SHOP_TEST_CRASH_AFTER=<step> (tests only) kills the process
// with SIGKILL right after a deliver transaction reaches that step: a power cut mid-delivery.

import { configureLogging, createLogger, defaultConfigDir, loadImageConfig, loadSettings, runService } from '@pc2/core'
import type { SendStep } from './chain/sender.ts'
import { shop, shopDefaults } from './index.ts'
import type { Shop } from './index.ts'

const imageConfigPath = process.env.PC2_IMAGE_CONFIG ?? '/usr/lib/pc2/image.config'
const configDir = process.env.PC2_CONFIG_DIR ?? defaultConfigDir
const stateDir = process.env.PC2_SHOP_DIR ?? shopDefaults.stateDir
const runtimeDir = process.env.PC2_RUNTIME_DIR ?? shopDefaults.runtimeDir
const vaultSocket = process.env.PC2_VAULT_SOCKET ?? shopDefaults.vaultSocket
const crashAfter = process.env.PC2_SHOP_TEST_CRASH_AFTER as SendStep | undefined

const logger = createLogger('pc2-shop')
let service: Shop | undefined

await runService({
  name: 'pc2-shop',
  async start ({ signal }) {
    const imageConfig = await loadImageConfig(imageConfigPath, { signal })
    const settings = await loadSettings({ configDir, imageConfig, signal })
    configureLogging({ level: settings['log.level'] })
    service = shop({
      stateDir,
      runtimeDir,
      vaultSocket,
      // shop.* settings saved in the admin UI apply without a restart.
      reloadSettings: async (options = {}) => await loadSettings({ configDir, imageConfig, ...options }),
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
    await service.start({ signal })
    return settings['shop.rpcUrl'] === 'off' || settings['shop.contract'] === 'off' ? 'selling is off' : `watching ${settings['shop.contract']}`
  },
  async stop ({ signal }) {
    await service?.stop({ signal })
  }
}, { logger })
