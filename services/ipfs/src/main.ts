// Entry point of the pc2-ipfs unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths), so the same bundle runs on the
// appliance, in tests and on a developer's machine.

import { join } from 'node:path'
import { ConfigError, configureLogging, createLogger, defaultConfigDir, loadImageConfig, loadSettings, runService } from '@pc2/core'
import { parseListenAddress } from './http/listen.ts'
import { ipfs, ipfsDefaults } from './index.ts'
import type { IpfsService } from './index.ts'

const imageConfigPath = process.env.PC2_IMAGE_CONFIG ?? '/usr/lib/pc2/image.config'
const configDir = process.env.PC2_CONFIG_DIR ?? defaultConfigDir
const dir = process.env.PC2_IPFS_DIR ?? ipfsDefaults.dir
const runtimeDir = process.env.PC2_RUNTIME_DIR ?? ipfsDefaults.runtimeDir

const logger = createLogger('pc2-ipfs')
let service: IpfsService | undefined

await runService({
  name: 'pc2-ipfs',
  async start ({ signal }) {
    const imageConfig = await loadImageConfig(imageConfigPath, { signal })
    const settings = await loadSettings({ configDir, imageConfig, signal })
    configureLogging({ level: settings['log.level'] })
    const gatewayListen = optional('PC2_IPFS_GATEWAY_LISTEN')
    const libp2pListen = list('PC2_IPFS_LIBP2P_LISTEN')
    const mdns = optional('PC2_IPFS_MDNS') ?? 'on'
    if (mdns !== 'on' && mdns !== 'off') throw new ConfigError(`PC2_IPFS_MDNS=${JSON.stringify(mdns)} is not valid; expected on or off`)
    service = ipfs({
      dir,
      socketPath: join(runtimeDir, 'api.sock'),
      ...(gatewayListen === undefined ? {} : { gatewayListen: parseListenAddress(gatewayListen) }),
      ...(libp2pListen === undefined ? {} : { libp2pListen }),
      mdns: mdns === 'on',
      staticPeers: list('PC2_IPFS_PEERS') ?? []
    })({ logger, settings })
    await service.start({ signal })
    return `peer ${service.peerId()}`
  },
  async stop ({ signal }) {
    await service?.stop({ signal })
  }
}, { logger })

function optional (name: string): string | undefined {
  const value = process.env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function list (name: string): string[] | undefined {
  return optional(name)?.split(',').map((item) => item.trim()).filter((item) => item !== '')
}
