// FileShop calls in the words of the tests: list, buy, deliver, refund, read, expect a revert.

import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import {
  BaseError, ContractFunctionRevertedError, encodeFunctionData, keccak256, toHex,
  type Abi, type Address, type Hex, type TransactionReceipt
} from 'viem'
import type { HDAccount } from 'viem/accounts'
import { ETH, fileShopAbi, type TestChain } from './chain.ts'

const abi = fileShopAbi as Abi

export interface ListingOptions {
  from?: HDAccount
  payee?: Address
  token?: Address
  price?: bigint
  commissionBps?: number
  deliveryWindow?: number
  cid?: string
  keyCommitment?: Hex
}

export const defaultWindow = 3600

export async function createListing (chain: TestChain, options: ListingOptions = {}): Promise<bigint> {
  const from = options.from ?? chain.seller
  await chain.send(from, {
    address: chain.shop,
    abi,
    functionName: 'createListing',
    args: [
      options.payee ?? chain.payee.address,
      options.token ?? ETH,
      options.price ?? 1_000_000n,
      options.commissionBps ?? 1000,
      options.deliveryWindow ?? defaultWindow,
      options.cid ?? 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
      options.keyCommitment ?? keccak256(randomBytes(32))
    ]
  })
  return await chain.publicClient.readContract({ address: chain.shop, abi: fileShopAbi, functionName: 'listingCount' })
}

export interface BuyOptions {
  from?: HDAccount
  promoter?: Address
  value?: bigint
  publicKey?: Hex
}

export const publicKey = (): Hex => toHex(randomBytes(32))
export const sealedKey = (length = 80): Hex => toHex(randomBytes(length))

/** Buys `listingId`, paying its price in ETH unless `value` says otherwise; returns the purchase id. */
export async function buy (chain: TestChain, listingId: bigint, options: BuyOptions = {}): Promise<{ purchaseId: bigint, receipt: TransactionReceipt }> {
  const listing = await getListing(chain, listingId)
  const value = options.value ?? (listing.token === ETH ? listing.price : 0n)
  const receipt = await chain.send(options.from ?? chain.buyer, {
    address: chain.shop,
    abi,
    functionName: 'buy',
    args: [listingId, options.promoter ?? chain.promoter.address, options.publicKey ?? publicKey()],
    value
  })
  const purchaseId = await chain.publicClient.readContract({ address: chain.shop, abi: fileShopAbi, functionName: 'purchaseCount' })
  return { purchaseId, receipt }
}

export async function deliver (chain: TestChain, purchaseId: bigint, options: { from?: HDAccount, key?: Hex, gas?: bigint } = {}): Promise<TransactionReceipt> {
  return await chain.send(options.from ?? chain.seller, {
    address: chain.shop, abi, functionName: 'deliver', args: [purchaseId, options.key ?? sealedKey()], gas: options.gas
  })
}

export async function refund (chain: TestChain, purchaseId: bigint, from?: HDAccount): Promise<TransactionReceipt> {
  return await chain.send(from ?? chain.stranger, { address: chain.shop, abi, functionName: 'refund', args: [purchaseId] })
}

export async function withdraw (chain: TestChain, from: HDAccount, token: Address = ETH): Promise<TransactionReceipt> {
  return await chain.send(from, { address: chain.shop, abi, functionName: 'withdraw', args: [token] })
}

/** Any FileShop write from `from`. */
export async function shopCall (chain: TestChain, from: HDAccount, functionName: string, args: readonly unknown[], value?: bigint): Promise<TransactionReceipt> {
  return await chain.send(from, { address: chain.shop, abi, functionName, args, value })
}

/** Makes a test helper contract (TestActor) call FileShop: `actor.execute(shop, calldata)`. */
export async function actAs (chain: TestChain, actor: Address, from: HDAccount, functionName: string, args: readonly unknown[], value?: bigint): Promise<TransactionReceipt> {
  const data = encodeFunctionData({ abi, functionName, args } as never)
  const actorAbi = [...await chain.abiOf('TestActor'), ...abi.filter((item) => item.type === 'error')]
  return await chain.send(from, { address: actor, abi: actorAbi, functionName: 'execute', args: [chain.shop, data], value })
}

export async function getListing (chain: TestChain, listingId: bigint) {
  return await chain.publicClient.readContract({ address: chain.shop, abi: fileShopAbi, functionName: 'getListing', args: [listingId] })
}

export async function getPurchase (chain: TestChain, purchaseId: bigint) {
  return await chain.publicClient.readContract({ address: chain.shop, abi: fileShopAbi, functionName: 'getPurchase', args: [purchaseId] })
}

export async function owed (chain: TestChain, account: Address, token: Address = ETH): Promise<bigint> {
  return await chain.publicClient.readContract({ address: chain.shop, abi: fileShopAbi, functionName: 'owed', args: [account, token] })
}

/** Balance in ETH (token zero) or an ERC-20, optionally at a block. */
export async function balanceOf (chain: TestChain, account: Address, token: Address = ETH, blockNumber?: bigint): Promise<bigint> {
  if (token === ETH) return await chain.publicClient.getBalance({ address: account, blockNumber })
  return await chain.publicClient.readContract({
    address: token, abi: await chain.abiOf('MockERC20'), functionName: 'balanceOf', args: [account], blockNumber
  }) as bigint
}

export const gasCost = (receipt: TransactionReceipt): bigint => receipt.gasUsed * receipt.effectiveGasPrice

/** Asserts that `action` reverts with the custom error `errorName` (and, if given, these args). */
export async function expectRevert (action: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<void> {
  try {
    await action
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((cause) => cause instanceof ContractFunctionRevertedError) : null
    assert.ok(reverted instanceof ContractFunctionRevertedError, `expected ${errorName}, got: ${(error as Error).message}`)
    assert.equal(reverted.data?.errorName, errorName, `expected ${errorName}, got ${reverted.data?.errorName ?? reverted.signature ?? 'no error data'}`)
    if (args !== undefined) assert.deepEqual(reverted.data?.args, args)
    return
  }
  assert.fail(`expected ${errorName}, but the call succeeded`)
}

/** The chain's latest block timestamp. */
export async function now (chain: TestChain): Promise<bigint> {
  return (await chain.publicClient.getBlock()).timestamp
}

/** The next transaction is mined at `timestamp`. */
export async function atTimestamp (chain: TestChain, timestamp: bigint): Promise<void> {
  await chain.testClient.setNextBlockTimestamp({ timestamp })
}
