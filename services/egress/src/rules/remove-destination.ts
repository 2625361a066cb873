// The owner takes back one of a unit's destinations, named by its key: NotFoundError when
// the unit has none such.

import { NotFoundError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import type { EgressContext } from '../context.ts'
import { destinationKey } from '../destination.ts'
import type { Destination } from '../destination.ts'
import { changeAllowed } from './change-allowed.ts'
import { ownerUnit } from './owner-unit.ts'

export async function removeDestination (egress: EgressContext, unit: string, key: string, options: AbortOptions = {}): Promise<Destination> {
  const name = ownerUnit(unit)
  return await egress.changes(async () => {
    const { units, apps } = egress.saved
    const existing = units[name] ?? []
    const removed = existing.find((known) => destinationKey(known) === key)
    if (removed === undefined) throw new NotFoundError(`${name} has no destination ${key}`, { details: { unit: name, key } })
    await changeAllowed(egress, { units: { ...units, [name]: existing.filter((known) => known !== removed) }, apps }, `${name} may no longer reach ${key}`, options)
    return removed
  })
}
