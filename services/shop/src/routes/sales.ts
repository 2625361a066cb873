// GET /sales → SalesResponse.

import { jsonReply } from '@pc2/core'
import { enabled } from '../context.ts'
import type { ShopHandler } from '../context.ts'
import { salesResponse } from '../views/sales.ts'

export const sales: ShopHandler<'GET /sales'> = async ({ shop }) => {
  enabled(shop)
  return jsonReply(salesResponse(shop))
}
