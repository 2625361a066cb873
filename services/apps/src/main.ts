// Entry point of the pc2-apps unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths).

import { configureLogging, createLogger, defaultConfigDir, loadImageConfig, loadSettings, runService } from '@pc2/core'
import { launcherFolders, launcherRuns } from './launcher/client.ts'
import { findWasmtime, wasmtimeRunner } from './runner/wasmtime.ts'
import { nodeWasiRunner } from './runner/node-wasi.ts'
import { apps, appsDefaults } from './service.ts'
import type { AppsService } from './service.ts'

const imageConfigPath = process.env.PC2_IMAGE_CONFIG ?? '/usr/lib/pc2/image.config'
const configDir = process.env.PC2_CONFIG_DIR ?? defaultConfigDir
const logger = createLogger('pc2-apps')
let service: AppsService | undefined

await runService({
  name: 'pc2-apps',
  async start ({ signal }) {
    const imageConfig = await loadImageConfig(imageConfigPath, { signal })
    const settings = await loadSettings({ configDir, imageConfig, signal })
    configureLogging({ level: settings['log.level'] })
    // In the appliance every run is a transient unit that pc2-apps-launcher starts
    // (PC2_APP_LAUNCHER_SOCKET); elsewhere a child process. wasmtime where the system has it
    // (PC2_WASMTIME or PATH) and no launcher is in use, V8 through node:wasi otherwise.
    const launcherSocket = process.env.PC2_APP_LAUNCHER_SOCKET
    const wasmtime = launcherSocket === undefined ? findWasmtime() : undefined
    const runner = launcherSocket !== undefined
      ? nodeWasiRunner({ launcher: launcherRuns(launcherSocket) })
      : wasmtime === undefined ? nodeWasiRunner() : wasmtimeRunner({ binary: wasmtime })
    service = apps({
      appsDir: process.env.PC2_APPS_DIR ?? appsDefaults.appsDir,
      runtimeDir: process.env.PC2_RUNTIME_DIR ?? appsDefaults.runtimeDir,
      runner,
      source: { ipfsSocket: process.env.PC2_IPFS_SOCKET ?? appsDefaults.ipfsSocket },
      ...(launcherSocket === undefined ? {} : { folders: launcherFolders(launcherSocket) })
    })({ logger })
    await service.start({ signal })
    return `listening on ${service.socketPath} (runner ${runner.name}${launcherSocket === undefined ? '' : ', each run a transient unit'})`
  },
  async stop ({ signal }) {
    await service?.stop({ signal })
  }
}, { logger })
