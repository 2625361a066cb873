// Services log to stdout, one line per message, prefixed with the sd-daemon priority
// `<N>` so that journald files each line at the right priority without a logging library.
// Logging must never be the reason a service fails: every path here swallows its own errors.

import type { LogLevel } from './settings-table.ts'

export type LogFields = Record<string, unknown>

export interface Logger {
  debug (message: string, fields?: LogFields): void
  info (message: string, fields?: LogFields): void
  notice (message: string, fields?: LogFields): void
  warning (message: string, fields?: LogFields): void
  error (message: string, fields?: LogFields): void
}

export interface LoggerOptions {
  /** Fixed level; without it the logger follows the process-wide level (configureLogging). */
  level?: LogLevel
  /** Where finished lines go; stdout by default. */
  write?: (line: string) => void
}

const priorities: Record<LogLevel, number> = { err: 3, warning: 4, notice: 5, info: 6, debug: 7 }

let processLevel: LogLevel = 'info'

/** Sets the level of every logger that was not given its own (run-time setting log.level). */
export function configureLogging (options: { level: LogLevel }): void {
  processLevel = options.level
}

export function createLogger (component: string, options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => { process.stdout.write(line) })
  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    try {
      const priority = priorities[level]
      if (priority > priorities[options.level ?? processLevel]) return
      write(`<${priority}>${component}: ${oneLine(message)}${formatFields(fields)}\n`)
      // Stacks help the developer, not the owner: only at debug, one journal line each.
      if (priorities[options.level ?? processLevel] >= priorities.debug) {
        for (const stack of stacksOf(fields)) {
          for (const frame of stack) write(`<7>${component}:   ${oneLine(frame)}\n`)
        }
      }
    } catch {
      // Nowhere left to report a failure to log.
    }
  }
  return {
    debug: (message, fields) => { emit('debug', message, fields) },
    info: (message, fields) => { emit('info', message, fields) },
    notice: (message, fields) => { emit('notice', message, fields) },
    warning: (message, fields) => { emit('warning', message, fields) },
    error: (message, fields) => { emit('err', message, fields) }
  }
}

export function formatFields (fields: LogFields | undefined): string {
  if (fields === undefined) return ''
  let text = ''
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    text += ` ${key}=${formatValue(value)}`
  }
  return text
}

function formatValue (value: unknown): string {
  if (value instanceof Error) return quoteIfNeeded(`${value.name}: ${value.message}`)
  if (typeof value === 'string') return quoteIfNeeded(value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) return String(value)
  try {
    return quoteIfNeeded(JSON.stringify(value) ?? String(value))
  } catch {
    return quoteIfNeeded(String(value))
  }
}

function quoteIfNeeded (text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a value with control characters is quoted, so it stays one line
  return text === '' || /[\s"=]/.test(text) || /[\x00-\x1f]/.test(text) ? JSON.stringify(text) : text
}

function oneLine (text: string): string {
  return text.replace(/\r?\n/g, '\\n')
}

function stacksOf (fields: LogFields | undefined): string[][] {
  if (fields === undefined) return []
  return Object.values(fields)
    .filter((value): value is Error => value instanceof Error && typeof value.stack === 'string')
    .map((error) => (error.stack ?? '').split('\n').slice(1).map((frame) => frame.trim()).filter((frame) => frame !== ''))
}
