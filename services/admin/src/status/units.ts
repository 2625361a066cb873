// The product's own units (pc2-*) with their state and memory use.

import type { UnitStatus } from '@pc2/core'
import type { Systemctl } from './systemctl.ts'
import { listUnitsArgs, parseUnitList } from './unit-list.ts'

const properties = ['Id', 'Description', 'LoadState', 'ActiveState', 'SubState', 'Result', 'MemoryCurrent']

export async function collectUnits (systemctl: Systemctl, options: { signal?: AbortSignal } = {}): Promise<UnitStatus[]> {
  const listed = await systemctl([...listUnitsArgs, 'pc2-*'], options)
  if (listed === undefined || listed.exitCode !== 0) return []
  const names = parseUnitList(listed.stdout)
  if (names.length === 0) return []
  const shown = await systemctl(['show', `--property=${properties.join(',')}`, '--', ...names], options)
  if (shown === undefined || shown.exitCode !== 0) return []
  return parseUnitShow(shown.stdout).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/** `systemctl show` output: one block of Key=Value lines per unit, blocks split by a blank line. */
export function parseUnitShow (stdout: string): UnitStatus[] {
  const units: UnitStatus[] = []
  for (const block of stdout.split(/\n\s*\n/)) {
    const values = new Map<string, string>()
    for (const line of block.split('\n')) {
      const equals = line.indexOf('=')
      if (equals > 0) values.set(line.slice(0, equals), line.slice(equals + 1))
    }
    const name = values.get('Id')
    if (name === undefined || name === '') continue
    units.push({
      name,
      description: values.get('Description') ?? '',
      load: values.get('LoadState') ?? '',
      active: values.get('ActiveState') ?? '',
      sub: values.get('SubState') ?? '',
      result: values.get('Result') ?? '',
      memoryBytes: parseMemory(values.get('MemoryCurrent'))
    })
  }
  return units
}

// systemd prints "[not set]" without memory accounting, and UINT64_MAX for "no value".
function parseMemory (value: string | undefined): number | null {
  if (value === undefined || !/^[0-9]+$/.test(value)) return null
  const bytes = Number(value)
  return Number.isSafeInteger(bytes) ? bytes : null
}
