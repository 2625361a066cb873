// The FileShop calls a buyer's page makes through the buyer's own wallet (IFileShop.sol,
// whose ABI is @pc2/core/shop/fileshop-abi), encoded and decoded with lib/abi-words.ts.
// Loaded only with the storefront's buy page, never on the first screen.

import { AbiReader, addressWord, bytes32Word, bytesToHex, encodeCall, eventTopic, hexToBytes, keccak256Hex, uintWord } from './abi-words.ts'
import { toChecksumAddress } from './eip55.ts'

export { bytesToHex, hexToBytes }

/** The enums of IFileShop.sol, by index. */
export const listingStatusNames = ['none', 'active', 'paused', 'delisted'] as const
export const purchaseStateNames = ['none', 'pending', 'delivered', 'refunded'] as const

export interface ChainListing {
  seller: string
  payee: string
  token: string
  price: bigint
  commissionBps: number
  deliveryWindow: number
  status: typeof listingStatusNames[number]
  keyCommitment: string
  cid: string
}

export interface ChainPurchase {
  listingId: bigint
  buyer: string
  promoter: string
  amount: bigint
  commissionBps: number
  /** Unix seconds: delivery strictly before, refund at or after. */
  deadline: number
  state: typeof purchaseStateNames[number]
  buyerPublicKey: string
}

export const zeroAddress = '0x0000000000000000000000000000000000000000'

export function encodeBuy (listingId: string, promoter: string | undefined, buyerPublicKey: Uint8Array): `0x${string}` {
  return encodeCall('buy(uint256,address,bytes32)', [uintWord(BigInt(listingId)), addressWord(promoter ?? zeroAddress), bytes32Word(buyerPublicKey)])
}

export function encodeRefund (purchaseId: string): `0x${string}` {
  return encodeCall('refund(uint256)', [uintWord(BigInt(purchaseId))])
}

export function encodeApprove (spender: string, amount: bigint): `0x${string}` {
  return encodeCall('approve(address,uint256)', [addressWord(spender), uintWord(amount)])
}

export function encodeBalanceOf (account: string): `0x${string}` {
  return encodeCall('balanceOf(address)', [addressWord(account)])
}

export function decodeUint (data: string): bigint {
  return new AbiReader(data).uint(0)
}

export function encodeGetListing (listingId: string): `0x${string}` {
  return encodeCall('getListing(uint256)', [uintWord(BigInt(listingId))])
}

/** `getListing` returns one struct with a `string` in it: an offset word, then the struct. */
export function decodeGetListing (data: string): ChainListing {
  const reader = new AbiReader(data)
  const base = reader.small(0)
  const at = base / 32
  return {
    seller: toChecksumAddress(reader.address(at)),
    payee: toChecksumAddress(reader.address(at + 1)),
    token: toChecksumAddress(reader.address(at + 2)),
    price: reader.uint(at + 3),
    commissionBps: reader.small(at + 4),
    deliveryWindow: reader.small(at + 5),
    status: listingStatusNames[reader.small(at + 6)] ?? 'none',
    keyCommitment: reader.bytes32(at + 7),
    cid: reader.string(at + 8, base)
  }
}

export function encodeGetPurchase (purchaseId: string): `0x${string}` {
  return encodeCall('getPurchase(uint256)', [uintWord(BigInt(purchaseId))])
}

/** `getPurchase` returns a struct of static fields only: its words, in order. */
export function decodeGetPurchase (data: string): ChainPurchase {
  const reader = new AbiReader(data)
  return {
    listingId: reader.uint(0),
    buyer: toChecksumAddress(reader.address(1)),
    promoter: toChecksumAddress(reader.address(2)),
    // Word 3 is the payee, word 4 the token: the buyer's page needs neither.
    amount: reader.uint(5),
    commissionBps: reader.small(6),
    deadline: reader.small(7),
    state: purchaseStateNames[reader.small(8)] ?? 'none',
    buyerPublicKey: reader.bytes32(9)
  }
}

export interface ReceiptLog { address: string, topics: string[], data: string, transactionHash?: string, blockNumber?: string }

export const purchasedTopic = eventTopic('Purchased(uint256,uint256,address,address,uint256,bytes32,uint64)')
export const deliveredTopic = eventTopic('Delivered(uint256,uint256,address,bytes,uint256,uint256)')

/** The purchase a `buy` transaction made: its Purchased event, emitted by `contract`. */
export function purchaseFromLogs (logs: readonly ReceiptLog[], contract: string): { purchaseId: string, deadline: number } | undefined {
  for (const log of logs) {
    if (log.address.toLowerCase() !== contract.toLowerCase() || log.topics[0]?.toLowerCase() !== purchasedTopic) continue
    const purchaseId = log.topics[1]
    if (purchaseId === undefined) continue
    return { purchaseId: BigInt(purchaseId).toString(), deadline: new AbiReader(log.data).small(3) }
  }
  return undefined
}

/** The topic filter of the Delivered event of one purchase (for eth_getLogs). */
export function deliveredTopics (purchaseId: string): string[] {
  return [deliveredTopic, `0x${uintWord(BigInt(purchaseId))}`]
}

/** The sealed key of a Delivered event's data. */
export function sealedKeyFromDeliveredLog (log: ReceiptLog): `0x${string}` {
  return bytesToHex(new AbiReader(log.data).bytes(0))
}

/** keccak256 of a file key, as the listing's keyCommitment stores it. */
export function keyCommitmentOf (key: Uint8Array): string {
  return keccak256Hex(key)
}
