// Signs one EIP-1559 transaction with the node's wallet. pc2-shop builds the transaction
// and broadcasts the result; the private key never leaves this process.

import { keccak256 } from 'viem'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { TransactionInput } from '../transaction-input.ts'
import { getWallet } from './get-wallet.ts'
import type { VaultContext } from '../context.ts'

export interface SignedTransaction {
  signedTransaction: Hex
  hash: Hex
}

export async function signTransaction (state: VaultContext, transaction: TransactionInput): Promise<SignedTransaction> {
  const account = privateKeyToAccount(getWallet(state).privateKey)
  const signedTransaction = await account.signTransaction({ type: 'eip1559', ...transaction })
  return { signedTransaction, hash: keccak256(signedTransaction) }
}
