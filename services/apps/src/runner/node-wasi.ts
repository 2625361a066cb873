// The default runner: V8 through node:wasi, one Node process per run (../child.ts), so a
// crash, a memory bomb or an endless loop takes only that process down. Memory is capped in
// the module itself (memory-cap.ts), time by the parent (SIGKILL at the limit); the launcher
// is where an OS sandbox wraps the process (a transient systemd unit in the appliance).

import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { UnavailableError } from '@pc2/core'
import { directLauncher, runProcess } from './process-run.ts'
import type { ExitInterpreter, Launcher } from './process-run.ts'
import { childInput } from './child-input.ts'
import { childExitCodes, maxAppExitCode } from './runner.ts'
import type { RunOptions, RunRequest, RunResult, WasmRunner } from './runner.ts'

export interface NodeWasiRunnerInit {
  /** The Node binary; the one running this service by default. */
  node?: string
  /** The child script: ../child.ts from source, pc2-apps-child.mjs beside the bundle. */
  childScript?: string
  launcher?: Launcher
}

function defaultChildScript (): string {
  // Bundled (scripts/bundle.ts), this module is inside pc2-apps.mjs and the child beside it.
  const bundled = import.meta.url.endsWith('.mjs')
  return fileURLToPath(new URL(bundled ? './pc2-apps-child.mjs' : '../child.ts', import.meta.url))
}

export function nodeWasiRunner (init: NodeWasiRunnerInit = {}): WasmRunner {
  const node = init.node ?? process.execPath
  const childScript = init.childScript ?? defaultChildScript()
  const launcher = init.launcher ?? directLauncher
  // Checked once here: a missing child would exit 1 on every run, which reads as the app's own exit code.
  if (!existsSync(childScript)) throw new UnavailableError(`the WebAssembly runner child ${childScript} is missing`, { details: { childScript } })
  return {
    name: 'node-wasi',
    hostNetwork: true,
    async run (request: RunRequest, options: RunOptions = {}): Promise<RunResult> {
      const childRequest = { args: request.args, env: request.env, ...(request.dataDir === undefined ? {} : { dataDir: request.dataDir }), memoryBytes: request.limits.memoryMiB * 1048576, ...(request.network === undefined || request.network.length === 0 ? {} : { network: request.network }) }
      const input = childInput(childRequest, await readFile(request.module), request.stdin)
      // The JavaScript heap of the child stays small; the module's memory is capped in the child.
      const argv = [node, '--no-warnings', '--max-old-space-size=64', childScript]
      return await runProcess(() => launcher(argv, request), request, input, readChildExit, options)
    }
  }
}

/** The child's exit code and signal, as childExitCodes lays them out. */
export const readChildExit: ExitInterpreter = (code, signal) => {
  if (code === 0) return { outcome: 'exited', exitCode: 0 }
  if (code === childExitCodes.trapped) return { outcome: 'trapped', exitCode: null }
  if (code === childExitCodes.memory) return { outcome: 'memory', exitCode: null }
  if (code !== null && code > childExitCodes.appOffset && code <= childExitCodes.appOffset + maxAppExitCode) return { outcome: 'exited', exitCode: code - childExitCodes.appOffset }
  // A signal from outside (the kernel's OOM killer included) ends it as a crash; any other
  // code is the runner failing (Node's own 1 for an uncaught error, the failed outcome).
  return { outcome: signal === null ? 'failed' : 'trapped', exitCode: null }
}
