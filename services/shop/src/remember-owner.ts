// pc2-admin names the signed-in owner in x-pc2-owner on the owner routes it forwards. The
// shop remembers the latest one it saw: status shows it as the payout address while
// shop.payoutAddress is `owner`.

import { getAddress, isAddress } from 'viem'
import type { ShopContext } from './context.ts'

export function rememberOwner (shop: ShopContext, header: string | string[] | undefined): void {
  if (typeof header === 'string' && isAddress(header, { strict: false })) shop.runtime.owner = getAddress(header)
}
