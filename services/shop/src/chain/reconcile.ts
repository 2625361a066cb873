// The outbox after the fact, once per watcher poll and at start: a transaction that is
// mined gets its block; one buried under the reorg window is dropped; one that is not on
// chain while its nonce is still unused is broadcast again with the same signed bytes (a
// crash between the outbox write and the broadcast, a dropped request, or a reorg that took
// its block away); one whose nonce another transaction used is dropped.
// A delivery is only broadcast again while its purchase is still pending for the buyer key
// it was sealed to: after a reorg the same purchase id can belong to another buyer, who
// must not be handed (and pay for) a key sealed to someone else. Such a delivery's nonce is
// taken by a 0-value transfer to the wallet itself at a higher fee, so the stale bytes can
// never be mined; the watcher then delivers to the buyer who stands.

import { parseTransaction } from 'viem'
import type { Address, Hex } from 'viem'
import type { AbortOptions } from '@pc2/core'
import { purchaseState, readPurchase } from './read.ts'
import type { OutboxRecord } from '../store/records.ts'
import type { SenderComponents } from './sender-components.ts'

export async function reconcileOutbox (components: SenderComponents, head: number, options: AbortOptions = {}): Promise<void> {
  const { chain, outbox, logger } = components
  const entries = outbox.values().sort((a, b) => a.nonce - b.nonce)
  const wallet = components.wallet()
  if (entries.length === 0 || wallet === undefined) return
  const usedNonces = await chain.call(async (client) => await client.getTransactionCount({ address: wallet, blockTag: 'latest' }), options)
  for (const entry of entries) {
    options.signal?.throwIfAborted()
    const receipt = await chain.call(async (client) => await client.getTransactionReceipt({ hash: entry.hash }).catch((error: Error) => {
      if (error.name === 'TransactionReceiptNotFoundError') return undefined
      throw error
    }), options)
    const id = String(entry.nonce)
    if (receipt !== undefined) {
      const block = Number(receipt.blockNumber)
      if (receipt.status === 'reverted') {
        logger.warning('transaction reverted on chain', { nonce: entry.nonce, hash: entry.hash, kind: entry.purpose.kind })
        await outbox.remove(id)
      } else if (head - block + 1 >= components.reorgWindow) {
        await outbox.remove(id)
      } else if (entry.minedBlock !== block) {
        await outbox.save(id, { ...entry, minedBlock: block })
      }
      continue
    }
    if (entry.nonce < usedNonces) {
      logger.warning('transaction replaced: its nonce was used by another', { nonce: entry.nonce, hash: entry.hash })
      await outbox.remove(id)
      continue
    }
    if (entry.purpose.kind === 'deliver' && !await stillFor(components, entry.purpose, options)) {
      await cancel(components, entry, wallet, options)
      continue
    }
    await rebroadcast(components, entry, options)
  }
}

async function stillFor (components: SenderComponents, purpose: { purchaseId: string, buyerPublicKey: Hex }, options: AbortOptions): Promise<boolean> {
  const purchase = await readPurchase(components.chain, BigInt(purpose.purchaseId), options)
  return purchase.state === purchaseState.pending && purchase.buyerPublicKey === purpose.buyerPublicKey
}

async function cancel (components: SenderComponents, entry: OutboxRecord, wallet: Address, options: AbortOptions): Promise<void> {
  const { chain, vault, outbox, logger } = components
  const stale = parseTransaction(entry.signedTransaction)
  const fees = await chain.call(async (client) => await client.estimateFeesPerGas(), options)
  // A replacement must pay at least 10 % more than what it replaces (most nodes' rule).
  const bump = (old: bigint | undefined, now: bigint): bigint => { const raised = (old ?? 0n) * 5n / 4n + 1n; return raised > now ? raised : now }
  const maxPriorityFeePerGas = bump(stale.maxPriorityFeePerGas, fees.maxPriorityFeePerGas)
  // biome-ignore lint/complexity/useMathMinMax: fees are bigints, which Math.max does not take
  const maxFeePerGas = bump(stale.maxFeePerGas, fees.maxFeePerGas > maxPriorityFeePerGas ? fees.maxFeePerGas : maxPriorityFeePerGas)
  const signed = await vault.signTransaction({
    chainId: await chain.chainId(options), nonce: entry.nonce, to: wallet, data: '0x', value: '0', gas: '21000',
    maxFeePerGas: maxFeePerGas.toString(), maxPriorityFeePerGas: maxPriorityFeePerGas.toString()
  }, options)
  const replacement: OutboxRecord = { ...entry, hash: signed.hash, signedTransaction: signed.signedTransaction, purpose: { kind: 'cancel', replaced: entry.hash }, createdAt: new Date().toISOString(), minedBlock: null }
  await outbox.save(String(entry.nonce), replacement)
  logger.warning('a delivery is stale after a reorg (its purchase changed); cancelling it', { nonce: entry.nonce, hash: entry.hash, replacement: signed.hash })
  await rebroadcast(components, replacement, options)
}

async function rebroadcast (components: SenderComponents, entry: OutboxRecord, options: AbortOptions): Promise<void> {
  const { chain, outbox, logger } = components
  try {
    await chain.call(async (client) => await client.request({ method: 'eth_sendRawTransaction', params: [entry.signedTransaction] }), options)
    logger.info('transaction broadcast again', { nonce: entry.nonce, hash: entry.hash, kind: entry.purpose.kind })
  } catch (error) {
    // Already in the node's pool: nothing to do but wait for it.
    if (!/already known|known transaction|already imported/i.test((error as Error).message)) throw error
  }
  if (entry.minedBlock !== null) await outbox.save(String(entry.nonce), { ...entry, minedBlock: null })
}
