// The node's wallet, or WalletNotFoundError before POST /wallet made one.

import { WalletNotFoundError } from '@pc2/core'
import type { VaultContext } from '../context.ts'
import type { NodeWallet } from './wallet.ts'

export function getWallet (state: VaultContext): NodeWallet {
  if (state.wallet === undefined) throw new WalletNotFoundError('the vault holds no wallet yet; POST /wallet makes one')
  return state.wallet
}
