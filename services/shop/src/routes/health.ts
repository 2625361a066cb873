// GET /health: the shop is up (also while selling is off: then it idles).

import { jsonReply } from '@pc2/core'
import type { ShopHandler } from '../context.ts'

export const health: ShopHandler<'GET /health'> = async () => jsonReply({ ok: true })
