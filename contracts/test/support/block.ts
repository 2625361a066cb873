// Transactions mined together in one block, and what a mined transaction (or a call inside it)
// reverted with, read back from anvil's call tracer. `expectRevert` only sees the gas estimate;
// these helpers look at what the chain actually executed.

import { decodeErrorResult, type Abi, type Hex, type TransactionReceipt } from 'viem'
import type { HDAccount } from 'viem/accounts'
import type { ContractCall, TestChain } from './chain.ts'

export interface DecodedError {
  errorName: string
  args: readonly unknown[]
}

export interface MinedTransaction {
  receipt: TransactionReceipt
  /** What the transaction reverted with; undefined when it succeeded. */
  error: DecodedError | undefined
}

/** A node of anvil's `callTracer` output. */
export interface TracedCall {
  from: Hex
  to?: Hex
  input: Hex
  output?: Hex
  error?: string
  calls?: TracedCall[]
}

// Explicit gas, so nothing is estimated (an estimate would run against the pending state and
// refuse a call that is meant to be mined and fail).
const fixedGas = 1_000_000n

/**
 * Sends `calls` with automine off, in the order given, then mines them in a single block at
 * `timestamp`. Every transaction is mined, successful or not.
 */
export async function inOneBlock (c: TestChain, timestamp: bigint, calls: ReadonlyArray<{ from: HDAccount, call: ContractCall }>): Promise<MinedTransaction[]> {
  const hashes: Hex[] = []
  await c.testClient.setAutomine(false)
  try {
    for (const { from, call } of calls) {
      hashes.push(await c.wallet(from).writeContract({ ...call, args: call.args ?? [], gas: call.gas ?? fixedGas, chain: c.anvil.chain, account: from } as never))
    }
    await c.testClient.setNextBlockTimestamp({ timestamp })
    await c.testClient.mine({ blocks: 1 })
  } finally {
    await c.testClient.setAutomine(true)
  }
  return await Promise.all(hashes.map(async (hash) => {
    const receipt = await c.publicClient.getTransactionReceipt({ hash })
    return { receipt, error: receipt.status === 'success' ? undefined : await revertOf(c, hash) }
  }))
}

/** The call tree of a mined transaction. */
export async function traceCalls (c: TestChain, hash: Hex): Promise<TracedCall> {
  return await c.publicClient.request({ method: 'debug_traceTransaction', params: [hash, { tracer: 'callTracer' }] } as never) as TracedCall
}

/** Every call in the tree, depth first (the transaction's own call first). */
export function flattenCalls (call: TracedCall): TracedCall[] {
  return [call, ...(call.calls ?? []).flatMap(flattenCalls)]
}

/** The custom error a mined transaction reverted with. */
export async function revertOf (c: TestChain, hash: Hex): Promise<DecodedError | undefined> {
  const trace = await traceCalls(c, hash)
  return trace.error === undefined ? undefined : await decodeRevert(c, trace.output)
}

/** Decodes revert data with the FileShop ABI (its own errors and OpenZeppelin's). */
export async function decodeRevert (c: TestChain, data: Hex | undefined): Promise<DecodedError | undefined> {
  if (data === undefined || data.length < 10) return undefined
  const abi = await c.abiOf('FileShop') as Abi
  try {
    const decoded = decodeErrorResult({ abi, data })
    return { errorName: decoded.errorName, args: decoded.args ?? [] }
  } catch {
    return undefined
  }
}
