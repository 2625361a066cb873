// `systemctl list-units` in its machine-friendly form, shared by the failed-units and the
// pc2-units collectors.

export const listUnitsArgs = ['list-units', '--all', '--plain', '--no-legend', '--no-pager']

/** Unit names: the first column of `systemctl list-units --plain --no-legend`. */
export function parseUnitList (stdout: string): string[] {
  const names: string[] = []
  for (const line of stdout.split('\n')) {
    // Some versions still mark failed units with a bullet, even in --plain mode.
    const name = line.replace(/^\s*[●*]?\s*/, '').split(/\s+/)[0] ?? ''
    if (name !== '') names.push(name)
  }
  return names
}
