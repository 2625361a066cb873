// The one way the node's wallet sends anything (listings and deliveries alike), one
// transaction at a time so that nonces never collide. Each transaction is estimated (a
// revert is refused here, by the contract's error name), signed by the vault, PERSISTED in
// outbox/<nonce>.json, and only then broadcast. Whatever happens after the write (a crash,
// a power cut, an RPC that drops the request), `reconcile` broadcasts the same signed bytes
// again while their nonce is unused: one nonce, one signature, so at most one lands.

import { encodeFunctionData } from 'viem'
import type { Address, Hex } from 'viem'
import { serialQueue, ShopNotConfiguredError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import type { OutboxRecord } from '../store/records.ts'
import { unfunded } from './errors.ts'
import { reconcileOutbox } from './reconcile.ts'
import type { SenderComponents } from './sender-components.ts'

export type ShopCall =
  | { functionName: 'createListing', args: readonly [Address, Address, bigint, number, number, string, Hex] }
  | { functionName: 'setPrice', args: readonly [bigint, bigint] }
  | { functionName: 'setCommission', args: readonly [bigint, number] }
  | { functionName: 'setPaused', args: readonly [bigint, boolean] }
  | { functionName: 'delist', args: readonly [bigint] }
  | { functionName: 'deliver', args: readonly [bigint, Hex] }

export interface TransactionSender {
  send (call: ShopCall, purpose: OutboxRecord['purpose'], options?: AbortOptions): Promise<OutboxRecord>
  /** Marks mined transactions, drops buried ones, re-broadcasts the ones whose nonce is unused. */
  reconcile (head: number, options?: AbortOptions): Promise<void>
  /** The outbox entry delivering this purchase, if any. */
  delivering (purchaseId: string): OutboxRecord | undefined
}

export function transactionSender (components: SenderComponents): TransactionSender {
  const { chain, vault, outbox, logger } = components
  // One nonce at a time: a send and a reconcile never interleave.
  const serialized = serialQueue()

  const send = async (call: ShopCall, purpose: OutboxRecord['purpose'], options: AbortOptions): Promise<OutboxRecord> => {
    const wallet = components.wallet()
    if (wallet === undefined) throw new ShopNotConfiguredError('the node has no wallet yet; create it with POST /wallet', { details: { setting: null } })
    const chainId = await chain.chainId(options)
    const data = encodeFunctionData({ abi: fileShopAbi, ...call } as Parameters<typeof encodeFunctionData<typeof fileShopAbi>>[0])
    const request = { abi: fileShopAbi, address: chain.contract, account: wallet, ...call } as Parameters<typeof chain.client.estimateContractGas>[0]
    const estimate = await chain.call(async (client) => await client.estimateContractGas(request), { ...options, wallet })
    const gas = estimate * 12n / 10n + 10_000n
    const fees = await chain.call(async (client) => await client.estimateFeesPerGas(), options)
    const [balance, pendingNonce] = await chain.call(async (client) => await Promise.all([
      client.getBalance({ address: wallet }),
      client.getTransactionCount({ address: wallet, blockTag: 'pending' })
    ]), options)
    const cost = gas * fees.maxFeePerGas
    if (balance < cost) throw unfunded(wallet, { balance: balance.toString(), needed: cost.toString() })
    const nonce = Math.max(pendingNonce, ...outbox.values().map((entry) => entry.nonce + 1))
    const signed = await vault.signTransaction({
      chainId,
      nonce,
      to: chain.contract,
      data,
      value: '0',
      gas: gas.toString(),
      maxFeePerGas: fees.maxFeePerGas.toString(),
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas.toString()
    }, options)
    const record: OutboxRecord = { nonce, hash: signed.hash, signedTransaction: signed.signedTransaction, purpose, createdAt: new Date().toISOString(), minedBlock: null }
    // From here on the transaction exists: no signal, so the write and the broadcast finish.
    await outbox.save(String(nonce), record)
    components.onStep?.('outbox-persisted', record)
    logger.info('transaction signed', { kind: purpose.kind, ...('purchaseId' in purpose ? { purchaseId: purpose.purchaseId } : {}), nonce, hash: signed.hash })
    try {
      await chain.call(async (client) => await client.request({ method: 'eth_sendRawTransaction', params: [signed.signedTransaction] }), { wallet })
    } catch (error) {
      // An RPC that did not answer may still have taken it: the outbox keeps it for reconcile.
      if ((error as Error).name !== 'ChainUnavailableError' || /answered with an error/.test((error as Error).message)) await outbox.remove(String(nonce))
      throw error
    }
    components.onStep?.('broadcast', record)
    logger.info('transaction broadcast', { nonce, hash: signed.hash })
    return record
  }

  return {
    send: async (call, purpose, options = {}) => await serialized(async () => await send(call, purpose, options)),
    reconcile: async (head, options = {}) => {
      await serialized(async () => { await reconcileOutbox(components, head, options) })
    },
    delivering: (purchaseId) => outbox.values().find((entry) => entry.purpose.kind === 'deliver' && entry.purpose.purchaseId === purchaseId)
  }
}
