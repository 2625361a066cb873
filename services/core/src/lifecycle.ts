// The shape every pc2-* process shares under systemd: start, tell systemd we are ready,
// stop cleanly on SIGTERM (what `systemctl stop` and shutdown send) within a deadline,
// and exit non-zero on anything unexpected so that systemd's restart policy takes over
// instead of a half-working process lingering. A service's main.ts names it and says how to
// build it from what every service loads first (image.config, the settings, the log level).

import type { AbortOptions } from './components.ts'
import { TimeoutError } from './errors.ts'
import { loadImageConfig } from './image-config.ts'
import type { ImageConfig } from './image-config-schema.ts'
import { configureLogging, createLogger } from './log.ts'
import type { Logger } from './log.ts'
import { createNotifier } from './notify.ts'
import type { Notifier } from './notify.ts'
import { defaultConfigDir, loadSettings } from './settings.ts'
import type { Settings } from './settings-table.ts'

export interface ServiceDefinition {
  name: string
  /** Brings the service up; may return a one-line status for `systemctl status`. */
  start (options: { signal: AbortSignal }): Promise<unknown>
  /** Releases what start acquired; called once, also after a start that was cut short. */
  stop (options: { signal: AbortSignal }): Promise<void>
}

export type LifecycleEvent = 'SIGTERM' | 'SIGINT' | 'unhandledRejection' | 'uncaughtException'

/** Where signals and process-level failures come from; `process` in production. */
export interface ProcessEvents {
  on (event: LifecycleEvent, listener: (reason?: unknown) => void): unknown
}

export interface LifecycleComponents {
  /** Where a ServiceMain reads PC2_IMAGE_CONFIG and PC2_CONFIG_DIR; `process.env` by default. */
  environment?: NodeJS.ProcessEnv
  events?: ProcessEvents
  exit?: (code: number) => void
  logger?: Logger
  notifier?: Notifier
  stopTimeoutMs?: number
}

/** What every service has loaded before it is built. */
export interface LoadedService {
  imageConfig: ImageConfig
  /** The settings at start (and the log level they set is in force). */
  settings: Settings
  /** Reads the settings files again, for services that follow changes without a restart. */
  loadSettings: (options?: AbortOptions) => Promise<Settings>
  logger: Logger
  /** The process environment: where things are on this machine (the unit file sets it). */
  environment: NodeJS.ProcessEnv
}

export interface StartableService {
  start (options?: AbortOptions): Promise<void>
  stop (options?: AbortOptions): Promise<void>
}

/** A pc2-* service's entry point: its name, how to build it, what `systemctl status` says once it runs. */
export interface ServiceMain<Service extends StartableService> {
  name: string
  create (loaded: LoadedService): Service | Promise<Service>
  status? (service: Service, loaded: LoadedService): string | undefined
}

/**
 * Runs `service` until a signal or a failure; resolves with the exit code it passed to exit.
 * A ServiceMain is first loaded: image.config (PC2_IMAGE_CONFIG), the settings (PC2_CONFIG_DIR)
 * and their log level, then built, started and stopped.
 */
export async function runService<Service extends StartableService> (service: ServiceDefinition | ServiceMain<Service>, components: LifecycleComponents = {}): Promise<number> {
  const log = components.logger ?? createLogger(service.name)
  if ('create' in service) return await runService(mainDefinition(service, log, components.environment ?? process.env), { ...components, logger: log })
  const notifier = components.notifier ?? createNotifier()
  const events = components.events ?? process
  const exit = components.exit ?? ((code: number) => process.exit(code))
  const stopTimeoutMs = components.stopTimeoutMs ?? 10_000

  let resolveExited: (code: number) => void = () => {}
  const exited = new Promise<number>((resolve) => { resolveExited = resolve })
  let exiting = false
  const finish = (code: number): void => {
    if (exiting) return
    exiting = true
    resolveExited(code)
    exit(code)
  }

  events.on('unhandledRejection', (reason) => { log.error('unhandled promise rejection', { error: reason }); finish(1) })
  events.on('uncaughtException', (error) => { log.error('uncaught exception', { error }); finish(1) })

  const lifetime = new AbortController()
  let startup: Promise<unknown> = Promise.resolve()
  let shuttingDown = false

  const shutdown = async (signalName: string): Promise<void> => {
    if (shuttingDown) {
      log.warning('second signal while stopping; exiting now', { signal: signalName })
      finish(1)
      return
    }
    shuttingDown = true
    log.info('stopping', { signal: signalName })
    lifetime.abort(new Error(`${signalName} received`))
    try {
      await withDeadline(async (signal) => {
        // Let start (and its READY=1) settle first, so systemd never hears STOPPING before READY.
        await startup.catch(() => {})
        if (exiting) return
        await notifier.stopping({ signal }).catch((error: unknown) => { log.warning('could not notify systemd', { error }) })
        await service.stop({ signal })
      }, stopTimeoutMs, service.name)
      log.info('stopped')
      finish(0)
    } catch (error) {
      log.error('stop failed', { error })
      finish(1)
    }
  }
  events.on('SIGTERM', () => { void shutdown('SIGTERM') })
  events.on('SIGINT', () => { void shutdown('SIGINT') })

  // Through a promise so that a start that throws synchronously is handled like a rejection.
  const starting = Promise.resolve().then(async () => await service.start({ signal: lifetime.signal }))
  startup = starting.then(async (started) => {
    if (shuttingDown) return
    const status = typeof started === 'string' ? started : undefined
    log.info('started', { status })
    await notifier.ready({ status }).catch((error: unknown) => { log.warning('could not notify systemd', { error }) })
  })
  try {
    await startup
  } catch (error) {
    // A start cut short by a signal is the shutdown path's business, not a failure.
    if (!shuttingDown) {
      log.error('start failed', { error })
      finish(1)
    }
  }
  return await exited
}

async function withDeadline (work: (signal: AbortSignal) => Promise<void>, ms: number, name: string): Promise<void> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(`${name} did not stop within ${ms} ms`, { details: { timeoutMs: ms } })
      controller.abort(error)
      reject(error)
    }, ms)
  })
  try {
    await Promise.race([work(controller.signal), deadline])
  } finally {
    clearTimeout(timer)
  }
}

function mainDefinition<Service extends StartableService> (main: ServiceMain<Service>, logger: Logger, environment: NodeJS.ProcessEnv): ServiceDefinition {
  const imageConfigPath = environment.PC2_IMAGE_CONFIG ?? '/usr/lib/pc2/image.config'
  const configDir = environment.PC2_CONFIG_DIR ?? defaultConfigDir
  let service: Service | undefined
  return {
    name: main.name,
    async start ({ signal }) {
      const imageConfig = await loadImageConfig(imageConfigPath, { signal })
      const settings = await loadSettings({ configDir, imageConfig, signal })
      configureLogging({ level: settings['log.level'] })
      const loaded: LoadedService = {
        imageConfig,
        settings,
        loadSettings: async (options = {}) => await loadSettings({ configDir, imageConfig, ...options }),
        logger,
        environment
      }
      service = await main.create(loaded)
      await service.start({ signal })
      return main.status?.(service, loaded)
    },
    async stop ({ signal }) {
      await service?.stop({ signal })
    }
  }
}
