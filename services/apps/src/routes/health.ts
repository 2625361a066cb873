// GET /health: the store is open and the socket serves (start fails otherwise).

import { jsonReply } from '@pc2/core'
import type { AppsHandler } from '../context.ts'

export const health: AppsHandler<'GET /health'> = async () => jsonReply({ ok: true })
