// How numbers from the status document read to people.

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const

/** Binary units, three significant digits: 0 B, 512 B, 1.5 KiB, 20.0 GiB, 931 GiB. */
export function formatBytes (bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–'
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  if (unit === 0) return `${value} B`
  const text = value >= 100 ? value.toFixed(0) : value.toFixed(1)
  // 1023.96 KiB rounds to "1024"; say 1.0 MiB instead.
  if (text === '1024' && unit < units.length - 1) return `1.0 ${units[unit + 1]}`
  return `${text} ${units[unit]}`
}

/** The two largest parts: "45 s", "12 min 5 s", "5 h 12 min", "3 d 4 h". */
export function formatUptime (totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '–'
  const seconds = Math.floor(totalSeconds)
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 86400), 'd'],
    [Math.floor(seconds / 3600) % 24, 'h'],
    [Math.floor(seconds / 60) % 60, 'min'],
    [seconds % 60, 's']
  ]
  const first = parts.findIndex(([value]) => value > 0)
  if (first === -1) return '0 s'
  return parts.slice(first, first + 2)
    .filter(([value], index) => index === 0 || value > 0)
    .map(([value, unit]) => `${value} ${unit}`)
    .join(' ')
}

/** Whole percent of `part` in `whole`, clamped to 0–100; 0 when `whole` is 0. */
export function percentOf (part: number, whole: number): number {
  if (!(whole > 0)) return 0
  return Math.min(100, Math.max(0, Math.round((part / whole) * 100)))
}

/** A long hex string shortened for display: the first `keep` characters and an ellipsis. */
export function shortenHash (hash: string, keep = 12): string {
  return hash.length <= keep + 1 ? hash : `${hash.slice(0, keep)}…`
}

/** 0x1234…abcd */
export function shortenAddress (address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`
}

function twoDigits (value: number): string {
  return String(value).padStart(2, '0')
}

/** Local wall-clock time, HH:MM:SS. */
export function formatClockTime (date: Date): string {
  if (Number.isNaN(date.getTime())) return '--:--:--'
  return `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}:${twoDigits(date.getSeconds())}`
}

/** Local date and time to the minute, YYYY-MM-DD HH:MM; "–" for an invalid date. */
export function formatDateTime (date: Date): string {
  if (Number.isNaN(date.getTime())) return '–'
  return `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())} ${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`
}
