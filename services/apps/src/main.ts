// Entry point of the pc2-apps unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths).

import { ownSocketPath, readEnvironment, runService, serviceSocketPath } from '@pc2/core'
import { apps, appsDefaults } from './index.ts'
import { launcherFolders, launcherRuns } from './launcher/client.ts'
import { nodeWasiRunner } from './runner/node-wasi.ts'
import type { WasmRunner } from './runner/runner.ts'
import { findWasmtime, wasmtimeRunner } from './runner/wasmtime.ts'

/** pc2-apps-launcher's socket when the unit names one (PC2_APP_LAUNCHER_SOCKET): then every run is a transient unit. */
function launcherSocket (environment: NodeJS.ProcessEnv): string | undefined {
  return readEnvironment(environment).optional('PC2_APP_LAUNCHER_SOCKET') === undefined ? undefined : serviceSocketPath('apps-launcher', environment)
}

/**
 * In the appliance every run is a transient unit that pc2-apps-launcher starts; elsewhere a
 * child process: wasmtime where the system has it (PC2_WASMTIME or PATH), V8 through
 * node:wasi otherwise.
 */
function runnerFor (environment: NodeJS.ProcessEnv, launcher: string | undefined): WasmRunner {
  if (launcher !== undefined) return nodeWasiRunner({ launcher: launcherRuns(launcher) })
  const wasmtime = findWasmtime(environment)
  return wasmtime === undefined ? nodeWasiRunner() : wasmtimeRunner({ binary: wasmtime })
}

await runService({
  name: 'pc2-apps',
  create: ({ logger, environment }) => {
    const launcher = launcherSocket(environment)
    return apps({
      appsDir: readEnvironment(environment).text('PC2_APPS_DIR', appsDefaults.appsDir),
      socketPath: ownSocketPath('apps', environment),
      runner: runnerFor(environment, launcher),
      source: { ipfsSocket: serviceSocketPath('ipfs', environment) },
      ...(launcher === undefined ? {} : { folders: launcherFolders(launcher) })
    })({ logger })
  },
  status: (service, { environment }) => `listening on ${service.socketPath} (runner ${service.runnerName}${launcherSocket(environment) === undefined ? '' : ', each run a transient unit'})`
})
