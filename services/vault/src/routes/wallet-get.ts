// GET /wallet: the wallet's address; 404 WalletNotFoundError before POST /wallet.

import { jsonReply } from '@pc2/core'
import type { VaultHandler } from '../context.ts'
import { getWallet } from '../store/get-wallet.ts'

export const getWalletRoute: VaultHandler<'GET /wallet'> = async ({ vault }) => {
  const wallet = getWallet(vault)
  return jsonReply({ address: wallet.address, createdAt: wallet.createdAt })
}
