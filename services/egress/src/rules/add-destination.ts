// The owner allows a unit one more destination; one it may reach already changes nothing.

import type { AbortOptions } from '@pc2/core'
import type { EgressContext } from '../context.ts'
import { destinationKey } from '../destination.ts'
import type { Destination } from '../destination.ts'
import { changeAllowed } from './change-allowed.ts'
import { ownerUnit } from './owner-unit.ts'

export async function addDestination (egress: EgressContext, unit: string, destination: Destination, options: AbortOptions = {}): Promise<{ key: string, added: boolean }> {
  const name = ownerUnit(unit)
  return await egress.changes(async () => {
    const key = destinationKey(destination)
    const { units, apps } = egress.saved
    const existing = units[name] ?? []
    if (existing.some((known) => destinationKey(known) === key)) return { key, added: false }
    await changeAllowed(egress, { units: { ...units, [name]: [...existing, destination] }, apps }, `${name} may reach ${key}`, options)
    return { key, added: true }
  })
}
