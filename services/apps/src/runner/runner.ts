// The runner interface: one WASI command run, start to exit, in its own process. Every
// implementation (V8 through node:wasi, wasmtime where the binary exists) passes the same
// compliance suite (test/compliance/runner-suite.ts), so the service never cares which one
// runs an app.

import type { AppRunOutcome } from '@pc2/core'

export interface RunLimits {
  /** The module's linear memory may not grow past this, MiB. */
  memoryMiB: number
  /** Wall-clock limit of the whole run, process start included; the run is killed after it. */
  timeoutMs: number
  /** stdout beyond this many bytes kills the run (a web response or a job's output). */
  outputBytes: number
}

export interface RunRequest {
  /** Path of the .wasm module (a package: manifest section included, ignored by engines). */
  module: string
  /** argv[0] is the app's name; the rest are its arguments. */
  args: string[]
  env: Record<string, string>
  stdin?: Uint8Array
  /** Host directory the app sees as /data, read-write; nothing else of the filesystem is visible. */
  dataDir?: string
  /** The destinations (`host:port`) the app was granted; none or empty: no network at all. */
  network?: string[]
  limits: RunLimits
}

/**
 * How a run ended. `exited`: the program called exit (or returned from main) with
 * `exitCode`; `trapped`: the module crashed (unreachable, out-of-bounds access, stack
 * overflow…); `memory`: it wanted more memory than granted; `timeout`: killed at the time
 * limit; `output-limit`: killed for writing too much; `failed`: the module could not start
 * (not valid WebAssembly, missing imports).
 */
export type RunOutcome = AppRunOutcome

export interface RunResult {
  outcome: RunOutcome
  /** The program's exit code when outcome is `exited`, else null. */
  exitCode: number | null
  stdout: Uint8Array
  /** The program's stderr, then the runner's own one-line account of a crash, if any. */
  stderr: string
  durationMs: number
}

export interface RunOptions {
  signal?: AbortSignal
}

export interface WasmRunner {
  /** `node-wasi`, `wasmtime`. */
  readonly name: string
  /** Whether it serves `pc2_net` (runner/host-net.ts): a run granted the network needs it. */
  readonly hostNetwork: boolean
  run (request: RunRequest, options?: RunOptions): Promise<RunResult>
}

export const maxAppExitCode = 199

/**
 * How the node-wasi child's exit code reads: 0 is the app's success; the app's other codes
 * (1–199) are shifted up by `appOffset`, so that no code of Node's own (1 for an uncaught
 * error) or of systemd-run's verdict on a sandboxed run (1) can pass for the app's; the
 * runner's own outcomes sit above them all.
 */
export const childExitCodes = { appOffset: 16, trapped: 240, memory: 241, failed: 242 } as const
