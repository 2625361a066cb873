// Running installed apps: a job on demand (args, stdin → stdout, exit code) or one request
// to a web app (WAGI). The runner gets the owner's grant — memory, folder, environment —
// never the manifest's request. Each run is logged under the app's name and kept in a short
// history the UI shows.

import { QuotaExceededError, UnavailableError, WrongAppKindError } from '@pc2/core'
import type { AppRunRecord, Logger } from '@pc2/core'
import type { RunLimits, RunResult, WasmRunner } from './runner/runner.ts'
import type { AppStore, InstalledApp } from './store/app-store.ts'
import { runSlots } from './run-slots.ts'
import { parseWagiResponse, wagiEnvironment } from './wagi.ts'
import type { WagiRequest, WagiResponse } from './wagi.ts'

/** One run as the history keeps it and GET /apps/<name>/runs answers it. */
export type RunRecord = AppRunRecord

/** Who started a run: the owner (a job from the page or the API), its schedule, or a web request. */
export type RunTrigger = RunRecord['trigger']

export interface RunLimitDefaults {
  jobTimeoutMs: number
  requestTimeoutMs: number
  jobOutputBytes: number
  responseBytes: number
  /** Runs going at once, all apps together; more wait (run-slots.ts). */
  concurrentRuns: number
  /** Runs waiting for a slot; more are refused with AppsBusyError. */
  queuedRuns: number
}

export const runLimitDefaults: RunLimitDefaults = { jobTimeoutMs: 5 * 60_000, requestTimeoutMs: 10_000, jobOutputBytes: 16 << 20, responseBytes: 16 << 20, concurrentRuns: 4, queuedRuns: 32 }

export interface AppRunnerInit {
  store: AppStore
  runner: WasmRunner
  logger: Logger
  limits?: Partial<RunLimitDefaults>
  historyLength?: number
}

export interface AppRuns {
  runJob (name: string, input: { args: string[], stdin?: Uint8Array }, options?: { signal?: AbortSignal, trigger?: 'owner' | 'schedule' }): Promise<RunResult>
  serve (name: string, request: WagiRequest, body: Uint8Array, options?: { signal?: AbortSignal }): Promise<WagiResponse>
  history (name?: string): RunRecord[]
}

export function appRuns (init: AppRunnerInit): AppRuns {
  const limitsOf = { ...runLimitDefaults, ...init.limits }
  const history: RunRecord[] = []
  const historyLength = init.historyLength ?? 200
  const slots = runSlots(limitsOf.concurrentRuns, limitsOf.queuedRuns)

  async function run (app: InstalledApp, trigger: RunTrigger, args: string[], env: Record<string, string>, stdin: Uint8Array | undefined, limits: RunLimits, signal?: AbortSignal): Promise<RunResult> {
    const dataDir = app.grant.storageMiB > 0 ? init.store.dataDir(app.name) : undefined
    if (dataDir !== undefined) {
      const used = await init.store.usageBytes(app.name)
      if (used > app.grant.storageMiB * 1048576) {
        throw new QuotaExceededError(`${app.name} holds ${(used / 1048576).toFixed(1)} MiB, more than its ${app.grant.storageMiB} MiB: it does not run until files are removed or more storage is granted`, { details: { app: app.name, usedBytes: used, quotaMiB: app.grant.storageMiB } })
      }
    }
    if (app.grant.network.length > 0 && !init.runner.hostNetwork) {
      throw new UnavailableError(`${app.name} was granted the network, which the ${init.runner.name} runner cannot give an app (only node-wasi serves pc2_net)`, { details: { app: app.name, runner: init.runner.name } })
    }
    const startedAt = new Date().toISOString()
    const result = await slots.use(async () => await init.runner.run({ module: init.store.modulePath(app.name), args: [app.name, ...args], env, ...(stdin === undefined ? {} : { stdin }), ...(dataDir === undefined ? {} : { dataDir }), ...(app.grant.network.length === 0 ? {} : { network: app.grant.network }), limits }, { ...(signal === undefined ? {} : { signal }) }), signal)
    const record: RunRecord = { app: app.name, trigger, startedAt, durationMs: Math.round(result.durationMs), outcome: result.outcome, exitCode: result.exitCode, stderrTail: result.stderr.slice(-4096) }
    history.push(record)
    if (history.length > historyLength) history.shift()
    const fields = { app: app.name, trigger, outcome: result.outcome, exitCode: result.exitCode, ms: record.durationMs }
    if (result.outcome === 'exited') init.logger.info(`${app.name} ran`, fields)
    else init.logger.warning(`${app.name} stopped: ${result.outcome}`, { ...fields, stderr: record.stderrTail.slice(-500) })
    return result
  }

  return {
    async runJob (name, input, options = {}) {
      const app = init.store.get(name)
      if (app.manifest.kind !== 'job') throw new WrongAppKindError(`${name} is a web app: open it at /apps/${name}/`, { details: { app: name } })
      return await run(app, options.trigger ?? 'owner', input.args, app.grant.environment, input.stdin, { memoryMiB: app.grant.memoryMiB, timeoutMs: limitsOf.jobTimeoutMs, outputBytes: limitsOf.jobOutputBytes }, options.signal)
    },
    async serve (name, request, body, options = {}) {
      const app = init.store.get(name)
      if (app.manifest.kind !== 'web') throw new WrongAppKindError(`${name} is a job, not a web app`, { details: { app: name } })
      const result = await run(app, 'request', [], wagiEnvironment({ ...request, bodyLength: body.length }, app.grant.environment), body, { memoryMiB: app.grant.memoryMiB, timeoutMs: limitsOf.requestTimeoutMs, outputBytes: limitsOf.responseBytes }, options.signal)
      if (result.outcome !== 'exited' || result.exitCode !== 0) {
        return { status: result.outcome === 'timeout' ? 504 : 502, headers: [['Content-Type', 'text/plain; charset=utf-8']], body: new TextEncoder().encode(`The app ${name} failed to answer (${result.outcome}${result.exitCode === null ? '' : ` ${result.exitCode}`}). Its log is on the Apps page.\n`) }
      }
      return parseWagiResponse(result.stdout)
    },
    history: (name) => history.filter((record) => name === undefined || record.app === name)
  }
}
