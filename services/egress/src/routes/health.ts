// GET /health: pc2-egress is up, its rules applied (start fails otherwise).

import { jsonReply } from '@pc2/core'
import type { EgressHandler } from '../context.ts'

export const health: EgressHandler<'GET /health'> = async () => jsonReply({ ok: true })
