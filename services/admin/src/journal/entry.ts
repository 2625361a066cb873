// One line of `journalctl -o json` → a JournalEntry. journald stores field values as bytes:
// text comes as a JSON string, anything not valid UTF-8 as an array of byte values, and a
// field over 4096 bytes as null (unless --all, which the API does not want for 1000 lines).

import type { JournalEntry } from '@pc2/core'

/** journald's priority for lines without one (what stdout of a service gets by default). */
const defaultPriority = 6

export function parseJournalLine (line: string): JournalEntry | undefined {
  let fields: Record<string, unknown>
  try {
    const value: unknown = JSON.parse(line)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
    fields = value as Record<string, unknown>
  } catch {
    return undefined
  }
  const microseconds = Number(text(fields.__REALTIME_TIMESTAMP) ?? Number.NaN)
  if (!Number.isFinite(microseconds) || microseconds < 0) return undefined
  const priority = text(fields.PRIORITY) ?? ''
  const pid = text(fields._PID) ?? ''
  return {
    time: new Date(microseconds / 1000).toISOString(),
    unit: text(fields._SYSTEMD_UNIT) ?? null,
    priority: /^[0-7]$/.test(priority) ? Number(priority) : defaultPriority,
    pid: /^[1-9][0-9]{0,9}$/.test(pid) ? Number(pid) : null,
    message: fields.MESSAGE === null ? '[message longer than 4096 bytes; see journalctl on the node]' : text(fields.MESSAGE) ?? ''
  }
}

function text (value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (Array.isArray(value) && value.every((byte) => Number.isInteger(byte) && byte >= 0 && byte <= 255)) {
    return Buffer.from(value as number[]).toString('utf8')
  }
  // A field repeated in one entry comes as an array of its values: the last one counts.
  if (Array.isArray(value) && value.length > 0) return text(value.at(-1))
  return undefined
}
