// Every few seconds, and when a looked-up name changes its answer: the settings read again
// and the rules brought up to date with them (a new chain RPC URL, DHCP's new DNS servers),
// then the record of refusals saved if it changed. A failure keeps the rules in force.

import type { EgressContext } from '../context.ts'
import { buildRules } from './build-rules.ts'
import { installRules } from './install-rules.ts'

export async function settingsTick (egress: EgressContext): Promise<void> {
  const { logger, stopping: signal } = egress
  try {
    const next = await egress.loadSettings({ signal })
    egress.settings = next
    await egress.changes(async () => {
      await installRules(egress, await buildRules(egress, next, egress.saved), 'settings or network changed', { signal })
    })
  } catch (error) {
    if (!signal.aborted) logger.warning('cannot bring the rules up to date; the rules in force stay', { error })
  }
  try {
    await egress.record.save({ signal })
  } catch (error) {
    if (!signal.aborted) logger.warning('cannot save the record of refused attempts', { error })
  }
}
