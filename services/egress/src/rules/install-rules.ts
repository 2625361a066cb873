// Puts built rules in force, unless they are the ones in force already; throws, changing
// nothing, when nft refuses them. The running units' cgroups are added to their sets after.

import type { AbortOptions } from '@pc2/core'
import type { EgressContext } from '../context.ts'
import type { BuiltRules } from './build-rules.ts'
import { addRunningCgroups } from './running-cgroups.ts'

export async function installRules (egress: EgressContext, built: BuiltRules, reason: string, options: AbortOptions = {}): Promise<void> {
  const { rules } = egress
  if (built.text !== rules.text) {
    await egress.nft.apply(built.text, options)
    rules.text = built.text
    rules.appliedAt = new Date().toISOString()
    egress.logger.notice('rules applied', { reason })
  }
  rules.words = built.words
  await addRunningCgroups(egress, options)
}
