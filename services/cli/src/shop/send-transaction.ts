// One contract transaction from the buyer's account: simulated first (so a revert is
// reported with the contract's error name and nothing is spent), sent, and waited for.

import { ChainTransactionRevertedError } from '@pc2/core'
import type { Abi, Address, Hash, TransactionReceipt } from 'viem'
import { onChain } from './chain.ts'
import type { ChainConnection } from './chain.ts'

export interface ContractWrite {
  address: Address
  abi: Abi
  functionName: string
  args: readonly unknown[]
  value?: bigint
}

export interface SentTransaction {
  hash: Hash
  receipt: TransactionReceipt
}

type SimulateParameters = Parameters<ChainConnection['publicClient']['simulateContract']>[0]
type WriteParameters = Parameters<ChainConnection['walletClient']['writeContract']>[0]

export async function sendTransaction (chain: ChainConnection, what: string, write: ContractWrite, onSent: (hash: Hash) => void = () => {}): Promise<SentTransaction> {
  const { request } = await onChain(chain.rpcUrl, what, async () =>
    await chain.publicClient.simulateContract({ ...write, account: chain.account } as SimulateParameters))
  const hash = await onChain(chain.rpcUrl, what, async () => await chain.walletClient.writeContract(request as WriteParameters))
  onSent(hash)
  const receipt = await onChain(chain.rpcUrl, `waiting for ${what}`, async () => await chain.publicClient.waitForTransactionReceipt({ hash }))
  if (receipt.status !== 'success') {
    throw new ChainTransactionRevertedError(`${what} (transaction ${hash}) reverted on chain`, { details: { reason: 'unknown', transaction: hash } })
  }
  return { hash, receipt }
}
