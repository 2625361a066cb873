// /proc/self/mountinfo (proc(5)): one line per mount, e.g.
//   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
// The optional fields before " - " vary in number, so the line is split there first.

export interface MountEntry {
  mountId: number
  parentId: number
  /** `major:minor` of the device, the key into /sys/dev/block. */
  majorMinor: string
  root: string
  mountPoint: string
  options: string[]
  fsType: string
  source: string
  superOptions: string[]
}

export function parseMountInfo (text: string): MountEntry[] {
  const entries: MountEntry[] = []
  for (const line of text.split('\n')) {
    const separator = line.indexOf(' - ')
    if (separator === -1) continue
    const before = line.slice(0, separator).split(' ')
    const after = line.slice(separator + 3).split(' ')
    if (before.length < 6 || after.length < 3) continue
    entries.push({
      mountId: Number(before[0]),
      parentId: Number(before[1]),
      majorMinor: before[2] ?? '',
      root: unescapeField(before[3] ?? ''),
      mountPoint: unescapeField(before[4] ?? ''),
      options: (before[5] ?? '').split(','),
      fsType: after[0] ?? '',
      source: unescapeField(after[1] ?? ''),
      superOptions: (after[2] ?? '').split(',')
    })
  }
  return entries
}

/** The mount at exactly `mountPoint`; the last one wins because later mounts cover earlier ones. */
export function findMount (entries: MountEntry[], mountPoint: string): MountEntry | undefined {
  return entries.findLast((entry) => entry.mountPoint === mountPoint)
}

/** The mount whose filesystem holds `path`: the longest mount point that is a prefix of it. */
export function containingMount (entries: MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined
  for (const entry of entries) {
    const point = entry.mountPoint
    const holds = point === '/' || path === point || path.startsWith(`${point}/`)
    if (holds && (best === undefined || point.length >= best.mountPoint.length)) best = entry
  }
  return best
}

export function isReadOnly (entry: MountEntry): boolean {
  return entry.options.includes('ro') || entry.superOptions.includes('ro')
}

// The kernel writes space, tab, newline and backslash in paths as \ooo octal escapes.
function unescapeField (field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(parseInt(octal, 8)))
}
