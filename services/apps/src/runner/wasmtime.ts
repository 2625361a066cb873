// The wasmtime runner, used where a wasmtime binary is on the system (it is in neither of
// our registries, so the image does not ship one). Same contract as node-wasi: /data is the
// only directory, memory capped by the engine, time by the parent.
//
// wasmtime exits with the program's code after proc_exit, and with 128 + SIGABRT (134) and
// a "wasm trap" message after a trap.

import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { directLauncher, runProcess } from './process-run.ts'
import type { Launcher } from './process-run.ts'
import { maxAppExitCode } from './runner.ts'
import type { RunOptions, RunRequest, RunResult, WasmRunner } from './runner.ts'

/** The wasmtime binary on PATH (or `PC2_WASMTIME`), or undefined when there is none. */
export function findWasmtime (environment: NodeJS.ProcessEnv = process.env): string | undefined {
  if (environment.PC2_WASMTIME !== undefined && existsSync(environment.PC2_WASMTIME)) return environment.PC2_WASMTIME
  for (const directory of (environment.PATH ?? '').split(delimiter)) {
    const candidate = join(directory, 'wasmtime')
    if (directory !== '' && existsSync(candidate)) return candidate
  }
  return undefined
}

export function wasmtimeRunner (init: { binary: string, launcher?: Launcher }): WasmRunner {
  const launcher = init.launcher ?? directLauncher
  return {
    name: 'wasmtime',
    // The wasmtime CLI links WASI alone: a module importing pc2_net does not start there.
    hostNetwork: false,
    async run (request: RunRequest, options: RunOptions = {}): Promise<RunResult> {
      const argv = [init.binary, 'run', '-W', `max-memory-size=${request.limits.memoryMiB * 1048576}`, '-W', 'trap-on-grow-failure=n']
      if (request.dataDir !== undefined) argv.push('--dir', `${request.dataDir}::/data`)
      for (const [name, value] of Object.entries(request.env)) argv.push('--env', `${name}=${value}`)
      argv.push('--argv0', request.args[0] ?? 'app', '--', request.module, ...request.args.slice(1))
      return await runProcess(() => launcher(argv, request), request, request.stdin ?? new Uint8Array(0), (code, _signal, stderr) => {
        if (/out of memory|memory allocation|memory.grow/i.test(stderr) && code !== 0) return { outcome: 'memory', exitCode: null }
        if (code === 134 || /wasm trap|wasm backtrace/i.test(stderr)) return { outcome: 'trapped', exitCode: null }
        if (code === null) return { outcome: 'trapped', exitCode: null }
        if (/failed to (compile|instantiate|parse)|unknown import/i.test(stderr)) return { outcome: 'failed', exitCode: null }
        return { outcome: 'exited', exitCode: Math.min(code, maxAppExitCode) }
      }, options)
    }
  }
}
