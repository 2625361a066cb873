// GET /wallet: the wallet's address; 404 WalletNotFoundError before POST /wallet.

import type { VaultWalletResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'
import { getWallet } from '../store/get-wallet.ts'

export async function getWalletRoute ({ state }: RouteContext): Promise<Reply> {
  const wallet = getWallet(state)
  const body: VaultWalletResponse = { address: wallet.address, createdAt: wallet.createdAt }
  return jsonReply(body)
}
