// What a failed chain call becomes for the owner: the contract's refusal by its custom error
// name (ChainTransactionRevertedError, details.reason), a wallet that cannot pay for gas
// (WalletUnfundedError, details.address), or an RPC endpoint that did not answer
// (ChainUnavailableError, details.rpcUrl). Never a viem stack trace.

import { BaseError, ContractFunctionRevertedError, HttpRequestError, InsufficientFundsError, RpcRequestError, TimeoutError } from 'viem'
import { ChainTransactionRevertedError, ChainUnavailableError, WalletUnfundedError, isPc2Error } from '@pc2/core'
import type { Pc2Error } from '@pc2/core'

export interface ChainErrorContext {
  rpcUrl: string
  /** The wallet that would pay, for WalletUnfundedError. */
  wallet?: string
}

export function toChainError (error: unknown, context: ChainErrorContext): Pc2Error | Error {
  if (isPc2Error(error)) return error
  if (!(error instanceof BaseError)) {
    if (error instanceof Error && error.name === 'AbortError') return error
    return unavailable(context.rpcUrl, error instanceof Error ? error.message : String(error), error)
  }
  const reverted = error.walk((cause) => cause instanceof ContractFunctionRevertedError)
  if (reverted instanceof ContractFunctionRevertedError) {
    const reason = reverted.data?.errorName ?? reverted.reason ?? 'unknown'
    const args = (reverted.data?.args ?? []).map((arg) => String(arg))
    return new ChainTransactionRevertedError(`the FileShop contract refused the transaction: ${reason}(${args.join(', ')})`, { details: { reason, args } })
  }
  if (error.walk((cause) => cause instanceof InsufficientFundsError) !== null || /insufficient funds/i.test(error.message)) {
    return unfunded(context.wallet ?? 'unknown')
  }
  if (error.walk((cause) => cause instanceof HttpRequestError || cause instanceof TimeoutError) !== null) {
    return unavailable(context.rpcUrl, 'did not answer', error)
  }
  const rpc = error.walk((cause) => cause instanceof RpcRequestError)
  const message = rpc instanceof BaseError ? rpc.details : error.shortMessage
  return unavailable(context.rpcUrl, `answered with an error: ${message}`, error)
}

export function unfunded (address: string, details: Record<string, unknown> = {}): WalletUnfundedError {
  return new WalletUnfundedError(`the node's wallet ${address} cannot pay for gas; send it some ETH on the shop's chain`, { details: { address, ...details } })
}

function unavailable (rpcUrl: string, why: string, cause: unknown): ChainUnavailableError {
  return new ChainUnavailableError(`the chain's RPC endpoint ${rpcUrl} ${why}`, { details: { rpcUrl }, cause })
}
