// The shapes of pc2-apps's answers (services/apps/API.md) as pc2-admin passes them to the
// owner at /api/apps: shared with the web UI.

/** An app's name: in its URL (/apps/<name>/), its folder and its runs' unit names. */
export const appNameSource = '[a-z][a-z0-9-]{0,31}'
export const appNamePattern = new RegExp(`^${appNameSource}$`)

/**
 * The short name of an app's nftables sets and chain in pc2-egress (`a_<app>`, `-` written
 * `_`; app names have no `_`, so no two clash), and the cgroup set its runs' units join by
 * `NFTSet=` (pc2-apps-launcher): one name for both services.
 */
export function appEgressShort (app: string): string {
  return `a_${app.replaceAll('-', '_')}`
}

export function appCgroupSet (app: string): string {
  return `cg_${appEgressShort(app)}`
}

/** The largest request body a web app is given (pc2-admin refuses more before passing it on). */
export const appWebBodyLimitBytes = 1 << 20

export type AppKind = 'job' | 'web'
export type AppRunOutcome = 'exited' | 'trapped' | 'memory' | 'timeout' | 'output-limit' | 'failed'

export interface AppView {
  name: string
  cid: string
  manifest: {
    name: string
    version: string
    description: string
    kind: AppKind
    capabilities: { storageMiB: number, memoryMiB: number, network: string[], environment: Record<string, string>, schedule?: string, scheduleArgs?: string[] }
  }
  grant: { storageMiB: number, memoryMiB: number, network: string[], environment: Record<string, string>, schedule: boolean }
  /** What the app may do, in words. */
  words: string[]
  /** Where a web app is served; none for a job. */
  url?: string
  /** When a job runs next by its schedule; none unless it has one and the owner allowed it. */
  nextRunAt?: string
  installedAt: string
  updatedAt: string
}

export interface AppsResponse { apps: AppView[] }

export interface AppRunRecord {
  app: string
  /** Who started it: the owner, the job's schedule, or a request to the web app. */
  trigger: 'owner' | 'schedule' | 'request'
  startedAt: string
  durationMs: number
  outcome: AppRunOutcome
  exitCode: number | null
  stderrTail: string
}

export interface AppRunsResponse { runs: AppRunRecord[] }

export interface AppJobResult {
  outcome: AppRunOutcome
  exitCode: number | null
  stdout: string
  stdoutBase64: string
  stderr: string
  durationMs: number
}
