// The rules for a set of settings and an owner's list: the nft transaction and the words.

import type { PolicyWords, Settings } from '@pc2/core'
import type { EgressContext } from '../context.ts'
import { renderRuleset } from '../nft/ruleset.ts'
import { buildPolicy } from '../policy.ts'
import type { Saved } from '../store.ts'
import { policyInput } from './policy-input.ts'

export interface BuiltRules {
  text: string
  words: PolicyWords
}

export async function buildRules (egress: EgressContext, settings: Settings, saved: Saved): Promise<BuiltRules> {
  const built = buildPolicy(await policyInput(egress, settings, saved))
  return { text: renderRuleset(built.table), words: built.words }
}
