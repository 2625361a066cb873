// GET /status: whether selling is on, the chain and the wallet as they are now (asked
// live, so the owner sees a balance change at once), and how far the watcher got. An RPC
// that does not answer is reported in lastError, not as a failed request.

import type { AbortOptions, Address, ShopStatus } from '@pc2/core'
import type { ShopContext } from '../context.ts'

export async function shopStatus (shop: ShopContext, options: AbortOptions = {}): Promise<ShopStatus> {
  const { settings, runtime, chain } = shop
  const payout = settings['shop.payoutAddress']
  const status: ShopStatus = {
    enabled: chain !== undefined,
    chainId: runtime.chainId ?? null,
    contract: settings['shop.contract'] === 'off' ? null : settings['shop.contract'],
    rpcUrl: settings['shop.rpcUrl'] === 'off' ? null : settings['shop.rpcUrl'],
    wallet: null,
    payoutAddress: payout === 'owner' ? (runtime.owner ?? null) : payout,
    head: runtime.head ?? null,
    cursor: runtime.cursor ?? null,
    lastError: runtime.lastError
  }
  if (chain === undefined) return status
  const wallet: Address | undefined = runtime.wallet
  try {
    status.chainId = runtime.chainId = await chain.chainId(options)
    if (wallet !== undefined) status.wallet = { address: wallet, balance: (await chain.call(async (client) => await client.getBalance({ address: wallet }), options)).toString() }
  } catch (error) {
    status.lastError = { name: (error as Error).name, message: (error as Error).message, at: new Date().toISOString() }
  }
  return status
}
