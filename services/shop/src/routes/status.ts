// GET /status → ShopStatus.

import { jsonReply } from '@pc2/core'
import type { ShopHandler } from '../context.ts'
import { shopStatus } from '../views/status.ts'

export const status: ShopHandler<'GET /status'> = async ({ shop, signal }) => jsonReply(await shopStatus(shop, { signal }))
