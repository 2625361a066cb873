// Journal filters and line bookkeeping for the journal viewer (API.md: /api/journal).

import type { JournalEntry } from './api-types.ts'

/** syslog priorities, index = number. */
export const priorityNames = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const
export const defaultPriority = 6
export const historyLines = 200
/** The viewer forgets the oldest lines past this, so a long-open page stays light. */
export const maximumLines = 2000

export function priorityName (priority: number): string {
  return priorityNames[priority] ?? String(priority)
}

/** What the server accepts as a unit name. */
export function isValidUnitName (unit: string): boolean {
  return /^[A-Za-z0-9@._:-]+$/.test(unit)
}

export interface JournalFilter {
  /** Empty for all units. */
  unit: string
  priority: number
}

export function journalQuery (filter: JournalFilter, lines?: number): string {
  const query = new URLSearchParams()
  const unit = filter.unit.trim()
  if (unit !== '') query.set('unit', unit)
  query.set('priority', String(filter.priority))
  if (lines !== undefined) query.set('lines', String(lines))
  return query.toString()
}

export interface JournalLine extends JournalEntry {
  /** Stable key for rendering; increases with arrival. */
  key: number
}

let nextKey = 0

export function toJournalLines (entries: readonly JournalEntry[]): JournalLine[] {
  return entries.map((entry) => ({ ...entry, key: nextKey++ }))
}

/** `current` followed by `added`, keeping only the newest `maximum`. */
export function appendCapped<T> (current: readonly T[], added: readonly T[], maximum = maximumLines): T[] {
  const all = current.concat(added)
  return all.length > maximum ? all.slice(all.length - maximum) : all
}

/** One SSE `data:` payload, or undefined when it is not a journal entry. */
export function parseJournalEvent (data: string): JournalEntry | undefined {
  try {
    const value = JSON.parse(data) as Partial<JournalEntry> | null
    if (value === null || typeof value !== 'object' || typeof value.message !== 'string' || typeof value.priority !== 'number' || typeof value.time !== 'string') return undefined
    return { time: value.time, unit: value.unit ?? null, priority: value.priority, pid: value.pid ?? null, message: value.message }
  } catch {
    return undefined
  }
}
