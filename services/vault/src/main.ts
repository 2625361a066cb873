// Entry point of the pc2-vault unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths), so the same bundle runs on the
// appliance and on a developer's machine.

import { configureLogging, createLogger, defaultConfigDir, loadImageConfig, loadSettings, runService } from '@pc2/core'
import { vault, vaultDefaults } from './index.ts'
import type { Vault } from './index.ts'

const imageConfigPath = process.env.PC2_IMAGE_CONFIG ?? '/usr/lib/pc2/image.config'
const configDir = process.env.PC2_CONFIG_DIR ?? defaultConfigDir
const stateDir = process.env.PC2_VAULT_DIR ?? vaultDefaults.stateDir
const runtimeDir = process.env.PC2_RUNTIME_DIR ?? vaultDefaults.runtimeDir

const logger = createLogger('pc2-vault')
let service: Vault | undefined

await runService({
  name: 'pc2-vault',
  async start ({ signal }) {
    // Only for log.level: the vault has no settings of its own.
    const imageConfig = await loadImageConfig(imageConfigPath, { signal })
    const settings = await loadSettings({ configDir, imageConfig, signal })
    configureLogging({ level: settings['log.level'] })
    service = vault({ stateDir, runtimeDir })({ logger })
    await service.start({ signal })
    return `listening on ${service.socketPath}`
  },
  async stop ({ signal }) {
    await service?.stop({ signal })
  }
}, { logger })
