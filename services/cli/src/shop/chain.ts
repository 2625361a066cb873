// The buyer's side of the chain: viem clients for the RPC endpoint the buyer chose (their
// own node, or a provider they trust: the seller's node is never asked what the chain
// says), and one translation of viem's failures into the CLI's one-line errors: the RPC
// cannot be reached, the account cannot pay, or the contract reverted with a named error.

import { BaseError, ContractFunctionRevertedError, createPublicClient, createWalletClient, defineChain, http, InsufficientFundsError as ViemInsufficientFundsError } from 'viem'
import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { ChainTransactionRevertedError, ChainUnavailableError } from '@pc2/core'
import { InsufficientFundsError } from '../errors.ts'
import type { PrivateKey } from '../node/owner-key.ts'

export interface ChainConnection {
  rpcUrl: string
  chainId: number
  publicClient: PublicClient<Transport, Chain>
  walletClient: WalletClient<Transport, Chain, Account>
  account: Account
}

export async function connectChain (rpcUrl: string, privateKey: PrivateKey): Promise<ChainConnection> {
  // No retries: an RPC that does not answer is reported at once, and the buyer decides.
  const transport = http(rpcUrl, { retryCount: 0, timeout: 30_000 })
  const chainId = await onChain(rpcUrl, 'reading the chain id', async () => await createPublicClient({ transport }).getChainId())
  const chain = defineChain({ id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } })
  const account = privateKeyToAccount(privateKey)
  return {
    rpcUrl,
    chainId,
    publicClient: createPublicClient({ chain, transport }),
    walletClient: createWalletClient({ chain, transport, account }),
    account
  }
}

/** Runs `work`, turning viem's errors into the CLI's: `what` says what was being done. */
export async function onChain<T> (rpcUrl: string, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw chainError(rpcUrl, what, error)
  }
}

export function chainError (rpcUrl: string, what: string, error: unknown): Error {
  if (!(error instanceof BaseError)) return error as Error
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError)
  if (reverted instanceof ContractFunctionRevertedError) {
    const reason = reverted.data?.errorName ?? reverted.reason ?? 'no reason given'
    const args = (reverted.data?.args ?? []).map((arg) => String(arg))
    return new ChainTransactionRevertedError(`${what} was refused by the contract: ${reason}${args.length === 0 ? '' : `(${args.join(', ')})`}`, {
      details: { reason, args },
      cause: error
    })
  }
  if (error.walk((cause) => cause instanceof ViemInsufficientFundsError) instanceof ViemInsufficientFundsError) {
    return new InsufficientFundsError(`${what}: the account cannot pay for this transaction and its gas`, { cause: error })
  }
  const unreachable = error.walk((cause) => ['HttpRequestError', 'TimeoutError', 'WebSocketRequestError'].includes((cause as Error).name))
  if (unreachable !== null && unreachable !== undefined) {
    return new ChainUnavailableError(`cannot reach the RPC endpoint ${rpcUrl} while ${what}: ${firstLine(error)}`, { details: { rpcUrl }, cause: error })
  }
  return new ChainUnavailableError(`${what} failed at ${rpcUrl}: ${firstLine(error)}`, { details: { rpcUrl }, cause: error })
}

function firstLine (error: BaseError): string {
  return (error.details !== '' ? error.details : error.shortMessage).split('\n')[0] ?? ''
}
