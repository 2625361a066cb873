// pc2-apps's socket API (services/apps/API.md): the contract with pc2-admin, which passes the
// owner's calls to it from /api/apps and a web app's requests from /apps/<name>/; the web UI
// reads the same shapes.

import type { Endpoint, RawBody, StreamEndpoint } from './http/api-contract.ts'
import type { ServiceHealth } from './vault-api.ts'

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

/** What an app asks for, in its manifest. */
export interface AppCapabilities {
  /** Size limit of the app's data directory (/data/apps/<name>), MiB; 0 = no data directory. */
  storageMiB: number
  /** Largest linear memory the module may grow to, MiB. */
  memoryMiB: number
  /** host:port destinations the app wants to reach; empty = no network at all. */
  network: string[]
  /** Environment variables the app reads, with the value it gets unless the owner sets another. */
  environment: Record<string, string>
  /** For jobs: how often to run by itself (`hourly`, `daily`, or `every <N>m`), or undefined. */
  schedule?: string
  /** The arguments of its scheduled runs (none by default); only with a schedule. */
  scheduleArgs?: string[]
}

/** What the owner granted an app: never more than its capabilities ask. */
export interface AppGrant {
  storageMiB: number
  memoryMiB: number
  /** The destinations the owner allowed, a subset of the requested ones. */
  network: string[]
  /** Values for the requested variables (the manifest's default unless the owner set one). */
  environment: Record<string, string>
  /** Whether the job may run by itself on its schedule. */
  schedule: boolean
}

/** An installed app as pc2-apps answers it (GET /apps, GET /apps/<name>, an install, a grant). */
export interface AppView {
  name: string
  /** The CID it was installed from. */
  cid: string
  /** What the owner reads of its manifest. */
  manifest: {
    name: string
    version: string
    description: string
    kind: AppKind
    capabilities: AppCapabilities
  }
  grant: AppGrant
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

/** What an install or a grant change asks for: no more than the manifest asks. */
export interface AppGrantRequest {
  /** `host:port` the app may reach, of those its manifest names. */
  network?: string[]
  environment?: Record<string, string>
  /** Let a job run by its schedule. */
  schedule?: boolean
}

export interface AppInstallRequest {
  cid: string
  /** The file key (base64url, a share link's `#k=`) when the package is encrypted. */
  key?: string
  grant?: AppGrantRequest
  /** The app this must upgrade: another name is refused. */
  name?: string
}

export interface AppRunRequest {
  args?: string[]
  /** Base64. */
  stdin?: string
}

export interface AppRemoved {
  removed: string
}

export interface AppsApi {
  'GET /health': Endpoint<ServiceHealth>
  'GET /apps': Endpoint<AppsResponse>
  /** 201 */
  'POST /apps': Endpoint<AppView, AppInstallRequest>
  'GET /apps/:name': Endpoint<AppView>
  'PUT /apps/:name/grant': Endpoint<AppView, AppGrantRequest>
  /** `?confirm=<name>`. */
  'DELETE /apps/:name': Endpoint<AppRemoved>
  'GET /apps/:name/runs': Endpoint<AppRunsResponse>
  'POST /apps/:name/runs': Endpoint<AppJobResult, AppRunRequest>
  /** `/web/<name>/<path>`: one request to a web app, its answer as the app gave it. */
  'GET /web/*': StreamEndpoint
  'POST /web/*': StreamEndpoint<RawBody>
}
