// The one connection to the chain: a viem public client on shop.rpcUrl (no wallet: the
// vault signs), the FileShop address, and `call`, which turns any failure into the error
// the owner should see. viem's own retries are off: the watcher retries on its schedule,
// and an owner's request should learn at once that the RPC is down.

import { createPublicClient, http } from 'viem'
import type { Address, PublicClient } from 'viem'
import type { AbortOptions } from '@pc2/core'
import { toChainError } from './errors.ts'

export interface ChainClient {
  rpcUrl: string
  contract: Address
  client: PublicClient
  /** Runs one or more RPC calls; failures come out as ChainUnavailableError & co. */
  call: <T>(work: (client: PublicClient) => Promise<T>, options?: AbortOptions & { wallet?: string }) => Promise<T>
  /** eth_chainId, asked once. */
  chainId: (options?: AbortOptions) => Promise<number>
}

export function chainClient (rpcUrl: string, contract: Address): ChainClient {
  const client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 15_000 }) })
  let chainId: number | undefined
  const call: ChainClient['call'] = async (work, options = {}) => {
    options.signal?.throwIfAborted()
    try {
      return await work(client)
    } catch (error) {
      throw toChainError(error, { rpcUrl, ...(options.wallet === undefined ? {} : { wallet: options.wallet }) })
    }
  }
  return {
    rpcUrl,
    contract,
    client,
    call,
    chainId: async (options = {}) => {
      chainId ??= await call(async (rpc) => await rpc.getChainId(), options)
      return chainId
    }
  }
}
