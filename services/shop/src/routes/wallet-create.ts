// POST /wallet → 201 WalletResponse when the vault made the wallet, 200 when it had one.
// Works while selling is off, so the owner can fund the wallet before turning it on.

import { jsonReply } from '@pc2/core'
import type { ShopHandler } from '../context.ts'

export const createWallet: ShopHandler<'POST /wallet'> = async ({ shop, signal }) => {
  const { wallet, created } = await shop.vault.createWallet({ signal })
  shop.runtime.wallet = wallet.address
  if (created) shop.logger.info('wallet created', { address: wallet.address })
  return jsonReply({ address: wallet.address }, created ? 201 : 200)
}
