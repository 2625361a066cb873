// /api/storefront/<rest> (public): what anyone may read of this node's shop, passed to
// pc2-shop's `/public/<rest>`: the listings, a buyer's purchase (which the buyer's page
// polls until the key arrives), a promoter's earnings and their live event stream. Limited
// per client, as every public route that does work behind it.

import { NotFoundError } from '@pc2/core'
import type { Reply } from '@pc2/core'
import type { AdminRouteContext } from '../context.ts'
import { passToShop } from './shop.ts'

const publicPath = /^(listings(\/\d{1,78})?|purchases\/\d{1,78}|promoters\/0x[0-9a-fA-F]{40}(\/events)?)$/

export async function storefront (context: AdminRouteContext): Promise<Reply> {
  const rest = context.params['*'] ?? ''
  if (!publicPath.test(rest)) throw new NotFoundError(`no storefront route /api/storefront/${rest}`)
  context.admin.limits.storefront.take(context.client)
  return await passToShop(context, `/public/${rest}`)
}
