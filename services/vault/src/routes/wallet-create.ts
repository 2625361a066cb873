// POST /wallet: 201 with the wallet it made, or 200 with the one that exists.

import { jsonReply } from '@pc2/core'
import type { VaultHandler } from '../context.ts'
import { createWallet } from '../store/create-wallet.ts'

export const createWalletRoute: VaultHandler<'POST /wallet'> = async ({ vault, signal }) => {
  const { wallet, created } = await createWallet(vault, { signal })
  return jsonReply({ address: wallet.address, createdAt: wallet.createdAt }, created ? 201 : 200)
}
