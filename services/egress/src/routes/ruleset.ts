// GET /ruleset → the nft transaction last applied, and when.

import { jsonReply } from '@pc2/core'
import type { EgressHandler } from '../context.ts'

export const ruleset: EgressHandler<'GET /ruleset'> = async ({ egress }) => jsonReply({ text: egress.rules.text, appliedAt: egress.rules.appliedAt })
