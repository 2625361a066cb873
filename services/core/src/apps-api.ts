// The shapes of pc2-apps's answers (services/apps/API.md) as pc2-admin passes them to the
// owner at /api/apps: shared with the web UI.

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
    capabilities: { storageMiB: number, memoryMiB: number, network: string[], environment: Record<string, string> }
  }
  grant: { storageMiB: number, memoryMiB: number, network: string[], environment: Record<string, string>, schedule: boolean }
  /** What the app may do, in words. */
  words: string[]
  /** Where a web app is served; none for a job. */
  url?: string
  installedAt: string
  updatedAt: string
}

export interface AppsResponse { apps: AppView[] }

export interface AppRunRecord {
  app: string
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
