// Which runner pc2-apps gives its runs. In the appliance every run is a transient unit of its
// own, started by pc2-apps-launcher (root): the unit says so (PC2_APPS_LAUNCHER=on), and the
// launcher's socket is where core's socket table says (PC2_APP_LAUNCHER_SOCKET moves it).
// Elsewhere (a developer's machine, the host tests) a run is a child process: wasmtime where
// the system has it (PC2_WASMTIME or PATH), V8 through node:wasi otherwise.

import { readEnvironment, serviceSocketPath } from '@pc2/core'
import { launcherFolders, launcherRuns } from './launcher/client.ts'
import { nodeWasiRunner } from './runner/node-wasi.ts'
import type { WasmRunner } from './runner/runner.ts'
import { findWasmtime, wasmtimeRunner } from './runner/wasmtime.ts'
import type { AppFolders } from './store/app-store.ts'

export interface RunnerChoice {
  runner: WasmRunner
  /** Who makes and deletes app folders: the launcher, when runs go through it. */
  folders?: AppFolders
  /** The launcher's socket, when runs go through it. */
  launcherSocket?: string
}

export function chooseRunner (environment: NodeJS.ProcessEnv): RunnerChoice {
  if (readEnvironment(environment).choice('PC2_APPS_LAUNCHER', ['on', 'off'], 'off') === 'on') {
    const launcherSocket = serviceSocketPath('apps-launcher', environment)
    return { runner: nodeWasiRunner({ launcher: launcherRuns(launcherSocket) }), folders: launcherFolders(launcherSocket), launcherSocket }
  }
  const wasmtime = findWasmtime(environment)
  return { runner: wasmtime === undefined ? nodeWasiRunner() : wasmtimeRunner({ binary: wasmtime }) }
}
