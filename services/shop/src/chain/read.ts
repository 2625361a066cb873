// Typed reads of the FileShop contract and of ERC-20 metadata.

import { erc20Abi } from 'viem'
import type { Address } from 'viem'
import { InvalidInputError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import type { ChainClient } from './client.ts'

export type ChainListing = Awaited<ReturnType<typeof readListing>>

/** Solidity enum values, in declaration order (IFileShop.sol). */
export const listingStatus = { none: 0, active: 1, paused: 2, delisted: 3 } as const
export const purchaseState = { none: 0, pending: 1, delivered: 2, refunded: 3 } as const

export async function readListing (chain: ChainClient, listingId: bigint, options: AbortOptions = {}) {
  return await chain.call(async (client) => await client.readContract({ address: chain.contract, abi: fileShopAbi, functionName: 'getListing', args: [listingId] }), options)
}

export async function readPurchase (chain: ChainClient, purchaseId: bigint, options: AbortOptions = {}) {
  return await chain.call(async (client) => await client.readContract({ address: chain.contract, abi: fileShopAbi, functionName: 'getPurchase', args: [purchaseId] }), options)
}

export interface Currency {
  symbol: string
  decimals: number
}

export const ether: Currency = { symbol: 'ETH', decimals: 18 }

/** The symbol and decimals of an ERC-20; a 400 naming `token` when it is not one. */
export async function readCurrency (chain: ChainClient, token: Address | null, options: AbortOptions = {}): Promise<Currency> {
  if (token === null) return ether
  const code = await chain.call(async (client) => await client.getCode({ address: token }), options)
  const notToken = (): InvalidInputError => new InvalidInputError(`token ${token} is not an ERC-20 contract on this chain; expected an ERC-20 address, or null for ETH`, { details: { field: 'token', expected: 'an ERC-20 contract address, or null for ETH' } })
  if (code === undefined || code === '0x') throw notToken()
  try {
    const [symbol, decimals] = await Promise.all([
      chain.client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }),
      chain.client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' })
    ])
    return { symbol, decimals }
  } catch {
    throw notToken()
  }
}
