// Jobs that run by themselves: a job whose manifest asks for a schedule ("hourly", "daily",
// "every <N>m") runs on it once the owner granted it, with no arguments and no stdin, like
// an owner's run (the same grant, limits, history and journal lines). When each one last
// started is kept on /data, so a restart or a power cut neither repeats a run nor forgets
// one: a job whose time came while the node was off runs once when it is back, not once per
// missed interval (as systemd's Persistent= timers do). A job never runs twice at once.

import { readFile } from 'node:fs/promises'
import { AppsBusyError, writeFileAtomic } from '@pc2/core'
import type { Logger } from '@pc2/core'
import type { AppRuns } from './run-app.ts'
import type { AppStore, InstalledApp } from './store/app-store.ts'

/** How long between the starts of two runs of a schedule (manifest.ts has checked its form). */
export function scheduleIntervalMs (schedule: string): number {
  if (schedule === 'hourly') return 3_600_000
  if (schedule === 'daily') return 86_400_000
  const minutes = /^every ([1-9][0-9]{0,3})m$/.exec(schedule)
  if (minutes === null) throw new RangeError(`not a schedule: ${JSON.stringify(schedule)}`)
  return Number(minutes[1]) * 60_000
}

export interface AppSchedulerInit {
  store: AppStore
  runs: Pick<AppRuns, 'runJob'>
  /** Where the start of each job's last scheduled run is kept (JSON, written atomically). */
  stateFile: string
  logger: Logger
  /** How often due jobs are looked for; 15 s by default. */
  checkEveryMs?: number
  now?: () => number
}

export interface AppScheduler {
  start (): Promise<void>
  stop (): Promise<void>
  /** Starts every job that is due and waits for those runs to end (the timer calls it too). */
  check (): Promise<void>
  /** When the app runs next by its schedule; undefined if it has none, or it is not granted. */
  nextRunAt (name: string): string | undefined
}

function scheduleOf (app: InstalledApp): number | undefined {
  const schedule = app.manifest.capabilities.schedule
  if (app.manifest.kind !== 'job' || schedule === undefined || !app.grant.schedule) return undefined
  return scheduleIntervalMs(schedule)
}

export function appScheduler (init: AppSchedulerInit): AppScheduler {
  const now = init.now ?? Date.now
  const checkEveryMs = init.checkEveryMs ?? 15_000
  /** Per app, when its last scheduled run started (ms since the epoch). */
  let lastStarts: Record<string, number> = {}
  const running = new Map<string, Promise<void>>()
  const stopping = new AbortController()
  let timer: NodeJS.Timeout | undefined
  let checking: Promise<void> | undefined

  const save = async (): Promise<void> => {
    // Apps no longer installed are forgotten, so a reinstall starts afresh.
    const installed = new Set(init.store.list().map((app) => app.name))
    lastStarts = Object.fromEntries(Object.entries(lastStarts).filter(([name]) => installed.has(name)))
    await writeFileAtomic(init.stateFile, `${JSON.stringify(lastStarts, null, 2)}\n`, { mode: 0o644 })
  }

  /** A job never run by its schedule is due at once: the owner sees it work when granting it. */
  const dueAt = (app: InstalledApp, interval: number): number => {
    const last = lastStarts[app.name]
    return last === undefined ? 0 : last + interval
  }

  async function runOnce (app: InstalledApp): Promise<void> {
    const previous = lastStarts[app.name]
    // Written before the run starts: a run that was begun is not begun again after a power cut.
    lastStarts[app.name] = now()
    await save()
    try {
      await init.runs.runJob(app.name, { args: app.manifest.capabilities.scheduleArgs ?? [] }, { signal: stopping.signal, trigger: 'schedule' })
    } catch (error) {
      if (stopping.signal.aborted) return
      if (error instanceof AppsBusyError) {
        // Not run at all: it is tried again at the next check.
        if (previous === undefined) delete lastStarts[app.name]
        else lastStarts[app.name] = previous
        await save()
      }
      init.logger.warning(`${app.name}: its scheduled run did not start: ${error instanceof Error ? error.message : String(error)}`, { app: app.name })
    }
  }

  async function check (): Promise<void> {
    const started: Array<Promise<void>> = []
    for (const app of init.store.list()) {
      const interval = scheduleOf(app)
      if (interval === undefined || running.has(app.name) || stopping.signal.aborted) continue
      if (now() < dueAt(app, interval)) continue
      const run = runOnce(app).finally(() => running.delete(app.name))
      running.set(app.name, run)
      started.push(run)
    }
    await Promise.all(started)
  }

  /** One look for due jobs, then the next one checkEveryMs later, until stop(). */
  const checkAndLoop = (): void => {
    checking = check().catch((error: unknown) => {
      init.logger.error(`scheduled runs: ${error instanceof Error ? error.message : String(error)}`)
    }).finally(() => {
      if (stopping.signal.aborted) return
      timer = setTimeout(checkAndLoop, checkEveryMs)
      timer.unref()
    })
  }

  return {
    async start () {
      const text = await readFile(init.stateFile, 'utf8').catch((error: NodeJS.ErrnoException) => { if (error.code === 'ENOENT') return '{}'; throw error })
      const state = JSON.parse(text) as unknown
      if (typeof state !== 'object' || state === null || Array.isArray(state) || !Object.values(state).every((value) => Number.isFinite(value))) {
        throw new TypeError(`${init.stateFile}: expected { "<app>": <ms since the epoch> }`)
      }
      lastStarts = state as Record<string, number>
      // The first look is one interval of checks after start: what came due while the node
      // was off runs then, once the rest of the node is up.
      timer = setTimeout(checkAndLoop, checkEveryMs)
      timer.unref()
    },
    async stop () {
      stopping.abort()
      clearTimeout(timer)
      await checking?.catch(() => {})
      await Promise.allSettled(running.values())
    },
    check,
    nextRunAt (name) {
      const app = init.store.list().find((candidate) => candidate.name === name)
      const interval = app === undefined ? undefined : scheduleOf(app)
      if (app === undefined || interval === undefined) return undefined
      return new Date(Math.max(dueAt(app, interval), now())).toISOString()
    }
  }
}
