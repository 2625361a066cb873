// Gas used by FileShop's everyday calls, read from the receipts on a fresh anvil. Used by
// `npm run bench` (bench/shop.ts) and checked by contracts/test/gas.spec.ts.
//
// Every figure is the second of two identical calls, not the first: the first also pays for
// one-time storage (the purchase counter going from zero, the payee's first token balance, the
// shop's first token balance), which a shop in use has long paid. What stays in each figure is
// what every call of its kind pays: new listing and purchase slots, a new license balance (each
// measured delivery is to a buyer without the license yet), value transfers to warm accounts.

import { keccak256, toHex, type Abi, type Address, type Hash, type TransactionReceipt } from 'viem'
import type { HDAccount } from 'viem/accounts'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { anvilClients, startAnvil, type Anvil } from '../src/anvil.ts'
import { compileContracts } from '../src/compile.ts'
import { deployFileShop, deployTestToken } from '../src/deploy.ts'

export interface GasFigures {
  /** buy of an ETH listing, naming a promoter */
  gas_buy: number
  /** buy of an ERC-20 listing (transferFrom, balance checked before and after), naming a promoter */
  gas_buy_erc20: number
  /** deliver of an ETH purchase: payee and promoter paid, license minted */
  gas_deliver: number
  /** deliver of an ERC-20 purchase: payee and promoter paid in the token, license minted */
  gas_deliver_erc20: number
  /** createListing of an ETH listing with a 59-character CIDv1 */
  gas_create_listing: number
  /** refund of an ETH purchase after its deadline, by a third party */
  gas_refund: number
}

const cid = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
const price = 1_000_000_000_000_000n
const tokenPrice = 5_000_000n
const commissionBps = 1000
const deliveryWindow = 3600

/** Measures the figures on an anvil of its own, stopped before returning. */
export async function measureGas (): Promise<GasFigures> {
  const anvil = await startAnvil()
  try {
    return await measure(anvil)
  } finally {
    await anvil.stop()
  }
}

async function measure (anvil: Anvil): Promise<GasFigures> {
  const [seller, payee, promoter, firstBuyer, stranger, secondBuyer, thirdBuyer] = anvil.accounts as [HDAccount, HDAccount, HDAccount, HDAccount, HDAccount, HDAccount, HDAccount]
  const { publicClient, testClient, walletClient } = anvilClients(anvil, seller)
  const shop = await deployFileShop({ walletClient, publicClient })
  const token = await deployTestToken({ walletClient, publicClient, name: 'USD Coin', symbol: 'USDC', decimals: 6 })
  const tokenAbi = (await compileContracts()).MockERC20!.abi

  const send = async (account: HDAccount, address: Address, abi: Abi, functionName: string, args: readonly unknown[], value?: bigint): Promise<TransactionReceipt> => {
    const client = anvilClients(anvil, account).walletClient
    const hash: Hash = await client.writeContract({ address, abi, functionName, args, value, account, chain: anvil.chain } as never)
    const receipt = await publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`${functionName} reverted (transaction ${hash})`)
    return receipt
  }
  const shopCall = async (account: HDAccount, functionName: string, args: readonly unknown[], value?: bigint): Promise<TransactionReceipt> =>
    await send(account, shop, fileShopAbi as Abi, functionName, args, value)
  const createListing = async (listingToken: Address, listingPrice: bigint, index: number): Promise<TransactionReceipt> =>
    await shopCall(seller, 'createListing', [payee.address, listingToken, listingPrice, commissionBps, deliveryWindow, cid, keccak256(toHex(`file key ${index}`))])
  const purchaseKey = (index: number): Hash => keccak256(toHex(`buyer key ${index}`))

  for (const buyer of [firstBuyer, secondBuyer, thirdBuyer]) {
    await send(seller, token, tokenAbi, 'mint', [buyer.address, 100n * tokenPrice])
    await send(buyer, token, tokenAbi, 'approve', [shop, 100n * tokenPrice])
  }

  // Listings 1 (ETH) and 2 (ERC-20); the second ETH listing is the one measured.
  await createListing('0x0000000000000000000000000000000000000000', price, 1)
  await createListing(token, tokenPrice, 2)
  const gasCreateListing = (await createListing('0x0000000000000000000000000000000000000000', price, 3)).gasUsed

  // Purchases 1 and 2 of ETH listing 1, 3 to 5 of ERC-20 listing 2, each by a different buyer
  // of its listing. Purchase 5 stays pending, so the shop's token balance never drops back
  // to zero (no storage refund), as in a shop with sales in flight.
  await shopCall(firstBuyer, 'buy', [1n, promoter.address, purchaseKey(1)], price)
  const gasBuy = (await shopCall(secondBuyer, 'buy', [1n, promoter.address, purchaseKey(2)], price)).gasUsed
  await shopCall(firstBuyer, 'buy', [2n, promoter.address, purchaseKey(3)])
  const gasBuyErc20 = (await shopCall(secondBuyer, 'buy', [2n, promoter.address, purchaseKey(4)])).gasUsed
  await shopCall(thirdBuyer, 'buy', [2n, promoter.address, purchaseKey(5)])

  const sealedKey = toHex(new Uint8Array(80).fill(0x5a))
  await shopCall(seller, 'deliver', [1n, sealedKey])
  const gasDeliver = (await shopCall(seller, 'deliver', [2n, sealedKey])).gasUsed
  await shopCall(seller, 'deliver', [3n, sealedKey])
  const gasDeliverErc20 = (await shopCall(seller, 'deliver', [4n, sealedKey])).gasUsed

  // Purchases 6 and 7 of ETH listing 3, left undelivered until their deadline.
  await shopCall(firstBuyer, 'buy', [3n, promoter.address, purchaseKey(6)], price)
  await shopCall(secondBuyer, 'buy', [3n, promoter.address, purchaseKey(7)], price)
  await testClient.increaseTime({ seconds: deliveryWindow })
  await shopCall(stranger, 'refund', [6n])
  const gasRefund = (await shopCall(stranger, 'refund', [7n])).gasUsed

  return {
    gas_buy: Number(gasBuy),
    gas_buy_erc20: Number(gasBuyErc20),
    gas_deliver: Number(gasDeliver),
    gas_deliver_erc20: Number(gasDeliverErc20),
    gas_create_listing: Number(gasCreateListing),
    gas_refund: Number(gasRefund)
  }
}
