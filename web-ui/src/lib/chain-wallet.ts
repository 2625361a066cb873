// The buyer's wallet as a door to the chain (EIP-1193): the storefront holds no RPC URL of
// its own, so transactions and the few reads it needs (the listing as the contract has it,
// receipts, the chain's time) all go through the wallet, on the chain the shop names.

import { sleep } from '@pc2/core/client/sleep'
import { hexAnswer, walletRequest, WalletError } from './wallet.ts'
import type { Eip1193Provider } from './wallet.ts'
import type { ReceiptLog } from './fileshop-calls.ts'

export class WrongChainError extends Error {
  override name = 'WrongChainError'
}

export class TransactionFailedError extends Error {
  override name = 'TransactionFailedError'
}

/** The wallet holds less than the payment (and its gas) needs. */
export class InsufficientFundsError extends Error {
  override name = 'InsufficientFundsError'
}

export async function walletChainId (provider: Eip1193Provider): Promise<number> {
  return Number.parseInt(hexAnswer(await walletRequest(provider, 'eth_chainId'), 'The wallet did not say which chain it is on.'), 16)
}

/** Makes sure the wallet is on `chainId`, asking it to switch; a clear WrongChainError otherwise. */
export async function ensureChain (provider: Eip1193Provider, chainId: number): Promise<void> {
  if (await walletChainId(provider) === chainId) return
  try {
    await walletRequest(provider, 'wallet_switchEthereumChain', [{ chainId: `0x${chainId.toString(16)}` }])
  } catch {
    // Checked below: whatever the wallet said, what counts is the chain it is on now.
  }
  const now = await walletChainId(provider)
  if (now !== chainId) {
    throw new WrongChainError(`Your wallet is on chain ${now}, but this shop sells on chain ${chainId}. Switch your wallet to chain ${chainId} and try again.`)
  }
}

export interface TransactionRequest { from: string, to: string, data: string, value?: bigint }

export async function sendTransaction (provider: Eip1193Provider, transaction: TransactionRequest): Promise<string> {
  let hash: unknown
  try {
    hash = await walletRequest(provider, 'eth_sendTransaction', [{
      from: transaction.from,
      to: transaction.to,
      data: transaction.data,
      ...(transaction.value === undefined ? {} : { value: `0x${transaction.value.toString(16)}` })
    }])
  } catch (error) {
    // Wallets say it in words only (MetaMask: "insufficient funds for gas * price + value").
    if (error instanceof WalletError && /insufficient funds/i.test(error.message)) {
      throw new InsufficientFundsError('Your wallet does not have enough ETH for this payment and its network fee.')
    }
    throw error
  }
  if (typeof hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(hash)) throw new WalletError('The wallet did not return a transaction hash.')
  return hash
}

export interface Receipt { status: string, logs: ReceiptLog[], transactionHash: string }

/** Polls for the transaction's receipt; a reverted transaction is a TransactionFailedError. */
export async function waitForReceipt (provider: Eip1193Provider, hash: string, options: { signal?: AbortSignal, intervalMs?: number } = {}): Promise<Receipt> {
  for (;;) {
    options.signal?.throwIfAborted()
    const receipt = await walletRequest(provider, 'eth_getTransactionReceipt', [hash]) as Receipt | null
    if (receipt !== null && typeof receipt === 'object') {
      if (receipt.status !== '0x1') throw new TransactionFailedError(`The transaction ${hash} was reverted by the contract, so it changed nothing (only its network fee was spent).`)
      return receipt
    }
    await sleep(options.intervalMs ?? 1000, options.signal)
  }
}

export async function ethCall (provider: Eip1193Provider, to: string, data: string): Promise<string> {
  const answer = await walletRequest(provider, 'eth_call', [{ to, data }, 'latest'])
  if (typeof answer !== 'string') throw new WalletError('The wallet could not read the contract.')
  return answer
}

/** The latest block's time (Unix seconds): deadlines are the chain's time, not this device's. */
export async function chainTime (provider: Eip1193Provider): Promise<number> {
  const block = await walletRequest(provider, 'eth_getBlockByNumber', ['latest', false]) as { timestamp?: string } | null
  if (block === null || typeof block?.timestamp !== 'string') throw new WalletError('The wallet could not read the latest block.')
  return Number.parseInt(block.timestamp, 16)
}

export async function balanceOf (provider: Eip1193Provider, address: string): Promise<bigint> {
  return BigInt(hexAnswer(await walletRequest(provider, 'eth_getBalance', [address, 'latest']), 'The wallet could not read your balance.'))
}

export interface LogFilter { address: string, topics: string[], fromBlock?: string }

export async function getLogs (provider: Eip1193Provider, filter: LogFilter): Promise<ReceiptLog[]> {
  const answer = await walletRequest(provider, 'eth_getLogs', [{ fromBlock: filter.fromBlock ?? '0x0', toBlock: 'latest', address: filter.address, topics: filter.topics }])
  if (!Array.isArray(answer)) throw new WalletError('The wallet could not read the contract\'s events.')
  return answer as ReceiptLog[]
}
