// The record of refused connection attempts: per (unit, protocol, destination, port) how
// many and when first and last, plus the latest attempts one by one for the live view.
// It is kept on /data (written at most every few seconds, atomically), so the owner still
// sees what was refused before a restart or a power cut.

import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '@pc2/core'
import type { AbortOptions, BlockedResponse, RefusedAttempt, RefusedSummary } from '@pc2/core'
import type { RefusedPacket } from './nflog/pcap.ts'
import { logPrefix } from './policy.ts'

export interface BlockedRecord {
  /** Adds one refused packet; returns it as an attempt (undefined when it is not ours). */
  add (packet: RefusedPacket): RefusedAttempt | undefined
  summary (filter?: { unit?: string }): BlockedResponse
  /** Writes the record if it changed since the last save. */
  save (options?: AbortOptions): Promise<void>
}

/** `pc2-egress <unit> `, as the rules log it: the unit that refused the packet. */
const prefixPattern = new RegExp(`^${logPrefix} (\\S+?):? *$`)
const keptSummaries = 2000
const keptRecent = 500

export async function openBlockedRecord (file: string): Promise<BlockedRecord> {
  const summaries = new Map<string, RefusedSummary>()
  let recent: RefusedAttempt[] = []
  let total = 0
  let dirty = false
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { version: number, total: number, destinations: RefusedSummary[], recent: RefusedAttempt[] }
    if (saved.version === 1) {
      total = saved.total
      for (const entry of saved.destinations) summaries.set(keyOf(entry), entry)
      recent = saved.recent.slice(-keptRecent)
    }
  } catch (error) {
    // A missing record is a fresh node; a damaged one (it is only ever replaced whole) starts over.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError)) throw error
  }
  return {
    add (packet) {
      const match = prefixPattern.exec(packet.prefix)
      if (match === null) return undefined
      const attempt: RefusedAttempt = {
        unit: match[1]!,
        protocol: packet.protocol,
        destination: packet.destination,
        ...(packet.port === undefined ? {} : { port: packet.port }),
        at: new Date(packet.at).toISOString()
      }
      total++
      dirty = true
      const key = keyOf(attempt)
      const known = summaries.get(key)
      if (known !== undefined) {
        known.count++
        known.last = attempt.at
        summaries.delete(key)
        summaries.set(key, known)
      } else {
        summaries.set(key, { unit: attempt.unit, protocol: attempt.protocol, destination: attempt.destination, ...(attempt.port === undefined ? {} : { port: attempt.port }), count: 1, first: attempt.at, last: attempt.at })
        // The Map keeps insertion order and each hit moves its entry to the end: the first is the stalest.
        if (summaries.size > keptSummaries) summaries.delete(summaries.keys().next().value!)
      }
      recent.push(attempt)
      if (recent.length > keptRecent * 2) recent = recent.slice(-keptRecent)
      return attempt
    },
    summary (filter = {}) {
      const byUnit: Record<string, number> = {}
      const destinations: RefusedSummary[] = []
      for (const entry of summaries.values()) {
        byUnit[entry.unit] = (byUnit[entry.unit] ?? 0) + entry.count
        if (filter.unit === undefined || entry.unit === filter.unit) destinations.push({ ...entry })
      }
      destinations.sort((a, b) => b.last.localeCompare(a.last))
      const latest = recent.filter((attempt) => filter.unit === undefined || attempt.unit === filter.unit).slice(-100).reverse()
      return { total, byUnit, destinations, recent: latest }
    },
    async save (options = {}) {
      if (!dirty) return
      dirty = false
      const body = { version: 1, total, destinations: [...summaries.values()], recent: recent.slice(-keptRecent) }
      await writeFileAtomic(file, `${JSON.stringify(body)}\n`, { mode: 0o600, ...options })
    }
  }
}

function keyOf (entry: { unit: string, protocol: string, destination: string, port?: number }): string {
  return `${entry.unit}|${entry.protocol}|${entry.destination}|${entry.port ?? ''}`
}
