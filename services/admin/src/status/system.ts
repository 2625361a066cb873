// The whole system's health as systemd sees it: its overall state and the units that failed.

import type { SystemState, SystemStatus } from '@pc2/core'
import type { Systemctl } from './systemctl.ts'
import { listUnitsArgs, parseUnitList } from './unit-list.ts'

const states: readonly SystemState[] = [
  'initializing', 'starting', 'running', 'degraded', 'maintenance', 'stopping', 'offline', 'unknown'
]

export async function collectSystem (systemctl: Systemctl, options: { signal?: AbortSignal } = {}): Promise<SystemStatus> {
  const [running, failed] = await Promise.all([
    systemctl(['is-system-running'], options),
    systemctl([...listUnitsArgs, '--state=failed'], options)
  ])
  return {
    state: parseSystemState(running?.stdout ?? ''),
    failedUnits: failed?.exitCode === 0 ? parseUnitList(failed.stdout) : []
  }
}

/** First word of `systemctl is-system-running`; anything unrecognised is "unknown". */
export function parseSystemState (stdout: string): SystemState {
  const word = stdout.trim().split(/\s+/)[0] ?? ''
  return states.find((state) => state === word) ?? 'unknown'
}
