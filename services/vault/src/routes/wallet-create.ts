// POST /wallet: 201 with the wallet it made, or 200 with the one that exists.

import type { VaultWalletResponse } from '@pc2/core'
import { jsonReply } from '../http.ts'
import type { Reply } from '../http.ts'
import type { RouteContext } from '../router.ts'
import { createWallet } from '../store/create-wallet.ts'

export async function createWalletRoute ({ state, signal }: RouteContext): Promise<Reply> {
  const { wallet, created } = await createWallet(state, { signal })
  const body: VaultWalletResponse = { address: wallet.address, createdAt: wallet.createdAt }
  return jsonReply(body, created ? 201 : 200)
}
