// Many chain reads in one JSON-RPC batch, without viem's per-call machinery: a check that reads
// a hundred values after every step of a random walk would otherwise spend most of the walk's
// time encoding and decoding in viem.

import type { Address, Hex } from 'viem'
import type { TestChain } from './chain.ts'

/** An `eth_call` at the latest block, or an account's ETH balance. */
export type Read = { to: Address, data: Hex } | { balanceOf: Address }

/** The raw results of `reads`, in order (hex return data, or the balance as hex). */
export async function readAll (c: TestChain, reads: readonly Read[]): Promise<Hex[]> {
  if (reads.length === 0) return []
  const body = reads.map((read, id) => 'balanceOf' in read
    ? { jsonrpc: '2.0', id, method: 'eth_getBalance', params: [read.balanceOf, 'latest'] }
    : { jsonrpc: '2.0', id, method: 'eth_call', params: [{ to: read.to, data: read.data }, 'latest'] })
  const response = await fetch(c.anvil.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`anvil answered ${response.status} to a batch of ${reads.length} reads`)
  const answers = await response.json() as Array<{ id: number, result?: Hex, error?: { message: string } }>
  const results: Hex[] = new Array<Hex>(reads.length)
  for (const answer of answers) {
    if (answer.result === undefined) throw new Error(`read ${answer.id} failed: ${answer.error?.message ?? 'no result'}`)
    results[answer.id] = answer.result
  }
  return results
}
