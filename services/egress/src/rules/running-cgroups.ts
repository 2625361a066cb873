// systemd adds each unit's cgroup to its set as the unit starts (NFTSet=); this covers a
// unit that started before the table existed. A unit that stops meanwhile only makes its
// own line fail.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { AbortOptions } from '@pc2/core'
import type { EgressContext } from '../context.ts'
import { tableName, unitSpecs } from '../policy.ts'

export async function addRunningCgroups (egress: EgressContext, options: AbortOptions = {}): Promise<void> {
  const { cgroups } = egress.machine
  const lines = unitSpecs
    .map((spec) => ({ spec, path: `${cgroups.slice}/${spec.name}.service` }))
    .filter(({ path }) => existsSync(join(cgroups.root, path)))
  for (const { spec, path } of lines) {
    await egress.nft.apply(`add element inet ${tableName} cg_${spec.short} { ${JSON.stringify(path)} }\n`, options).catch((error: unknown) => {
      egress.logger.debug('cannot add a cgroup to its set', { unit: spec.name, error })
    })
  }
}
