// Entry point of the pc2-admin unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths), so the same bundle runs on the
// appliance and on a developer's machine.

import { configureLogging, createLogger, defaultConfigDir, loadImageConfig, loadSettings, runService } from '@pc2/core'
import { admin, adminDefaults } from './index.ts'
import type { Admin } from './index.ts'

const imageConfigPath = process.env.PC2_IMAGE_CONFIG ?? '/usr/lib/pc2/image.config'
const configDir = process.env.PC2_CONFIG_DIR ?? defaultConfigDir
const dataDir = process.env.PC2_DATA_DIR ?? '/data'
const stateDir = process.env.PC2_ADMIN_STATE_DIR ?? adminDefaults.stateDir
const runtimeDir = process.env.PC2_RUNTIME_DIR ?? adminDefaults.runtimeDir
const webUiDir = process.env.PC2_WEB_UI_DIR ?? adminDefaults.webUiDir
const journalctl = process.env.PC2_JOURNALCTL ?? adminDefaults.journalctl
const sockets = {
  ipfs: process.env.PC2_IPFS_SOCKET ?? adminDefaults.ipfsSocket,
  vault: process.env.PC2_VAULT_SOCKET ?? adminDefaults.vaultSocket,
  shop: process.env.PC2_SHOP_SOCKET ?? adminDefaults.shopSocket,
  egress: process.env.PC2_EGRESS_SOCKET ?? adminDefaults.egressSocket,
  apps: process.env.PC2_APPS_SOCKET ?? adminDefaults.appsSocket
}

const logger = createLogger('pc2-admin')
let service: Admin | undefined

await runService({
  name: 'pc2-admin',
  async start ({ signal }) {
    const imageConfig = await loadImageConfig(imageConfigPath, { signal })
    const settings = await loadSettings({ configDir, imageConfig, signal })
    configureLogging({ level: settings['log.level'] })
    service = admin({
      host: settings['admin.listen'],
      port: settings['admin.port'],
      paths: { dataDir },
      stateDir,
      runtimeDir,
      webUiDir,
      configDir,
      journalctl,
      sockets
    })({ logger, imageConfig, settings })
    await service.start({ signal })
    const address = service.address()
    return address === undefined ? undefined : `listening on port ${address.port}`
  },
  async stop ({ signal }) {
    await service?.stop({ signal })
  }
}, { logger })
