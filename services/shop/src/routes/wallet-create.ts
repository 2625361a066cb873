// POST /wallet → 201 WalletResponse when the vault made the wallet, 200 when it had one.
// Works while selling is off, so the owner can fund the wallet before turning it on.

import type { WalletResponse } from '@pc2/core'
import { jsonReply } from '../http/reply.ts'
import type { Reply } from '../http/reply.ts'
import type { RouteContext } from '../http/router.ts'

export async function createWallet ({ shop, signal }: RouteContext): Promise<Reply> {
  const { wallet, created } = await shop.vault.createWallet({ signal })
  shop.runtime.wallet = wallet.address
  if (created) shop.logger.info('wallet created', { address: wallet.address })
  const body: WalletResponse = { address: wallet.address }
  return jsonReply(body, created ? 201 : 200)
}
