// The unit a path names, if the owner may allow it destinations: UnitNotFoundError for no
// such unit, NoNetworkUnitError for one that has no network at all (pc2-vault, pc2-egress).

import { NoNetworkUnitError, UnitNotFoundError } from '@pc2/core'
import { unitSpec, unitSpecs } from '../policy.ts'
import type { UnitName } from '../policy.ts'

export function ownerUnit (unit: string): UnitName {
  const spec = unitSpec(unit)
  if (spec === undefined) throw new UnitNotFoundError(`no unit ${JSON.stringify(unit)}; units: ${unitSpecs.filter((known) => known.ownerMayAdd).map((known) => known.name).join(', ')}`, { details: { unit } })
  if (!spec.ownerMayAdd) throw new NoNetworkUnitError(`${spec.name} ${spec.role}; it cannot be allowed any destination`, { details: { unit } })
  return spec.name
}
