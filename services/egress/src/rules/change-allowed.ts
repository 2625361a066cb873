// Changes what the owner allowed or an app was granted. nft checks the new rules first; only
// then is the list saved and the rules applied, and if nft refuses them after all, the old
// list is saved back: a refused change leaves the rules and allow.json as they were.
// Called inside egress.changes, one change at a time.

import type { AbortOptions } from '@pc2/core'
import type { EgressContext } from '../context.ts'
import type { Saved } from '../store.ts'
import { buildRules } from './build-rules.ts'
import { installRules } from './install-rules.ts'

export async function changeAllowed (egress: EgressContext, next: Saved, reason: string, options: AbortOptions = {}): Promise<void> {
  const built = await buildRules(egress, egress.settings, next)
  await egress.nft.check(built.text, options)
  await egress.store.save(next, options)
  try {
    await installRules(egress, built, reason, options)
  } catch (error) {
    await egress.store.save(egress.saved, options)
    throw error
  }
  egress.saved = next
  egress.events.publish({ event: 'policy', data: egress.rules.words })
}
