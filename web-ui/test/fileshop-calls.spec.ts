// The storefront's hand-written ABI code (lib/abi-words.ts, lib/fileshop-calls.ts) against
// viem, which the services use: the same calldata, and the same values read back.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeAbiParameters, encodeEventTopics, encodeFunctionData, encodeFunctionResult, erc20Abi, getAddress, keccak256, toHex, zeroAddress } from 'viem'
import type { Hex } from 'viem'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { AbiReader } from '../src/lib/abi-words.ts'
import {
  decodeGetListing, decodeGetPurchase, decodeUint, deliveredTopics, encodeApprove, encodeBalanceOf, encodeBuy, encodeGetListing, encodeGetPurchase, encodeRefund,
  keyCommitmentOf, purchaseFromLogs, sealedKeyFromDeliveredLog
} from '../src/lib/fileshop-calls.ts'

const contract = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const buyer = getAddress('0x70997970c51812dc3a010c7d01b50e0d17dc79c8')
const promoter = getAddress('0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc')
const publicKey = new Uint8Array(32).map((_, index) => index + 1)

describe('FileShop calls without viem', () => {
  it('encodes buy, refund, getListing, getPurchase, approve and balanceOf as viem does', () => {
    assert.equal(encodeBuy('42', promoter, publicKey), encodeFunctionData({ abi: fileShopAbi, functionName: 'buy', args: [42n, promoter, toHex(publicKey)] }))
    assert.equal(encodeBuy('1', undefined, publicKey), encodeFunctionData({ abi: fileShopAbi, functionName: 'buy', args: [1n, zeroAddress, toHex(publicKey)] }))
    assert.equal(encodeRefund('7'), encodeFunctionData({ abi: fileShopAbi, functionName: 'refund', args: [7n] }))
    assert.equal(encodeGetListing('3'), encodeFunctionData({ abi: fileShopAbi, functionName: 'getListing', args: [3n] }))
    assert.equal(encodeGetPurchase(String(2n ** 200n)), encodeFunctionData({ abi: fileShopAbi, functionName: 'getPurchase', args: [2n ** 200n] }))
    assert.equal(encodeApprove(contract, 10n ** 18n), encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [contract, 10n ** 18n] }))
    assert.equal(encodeBalanceOf(buyer), encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [buyer] }))
  })

  it('reads a listing, with its CID string, as the contract returns it', () => {
    const listing = {
      seller: buyer,
      payee: promoter,
      token: zeroAddress,
      price: 20_000_000_000_000_000n,
      commissionBps: 2500,
      deliveryWindow: 86_400,
      status: 1,
      keyCommitment: keccak256(publicKey),
      cid: 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi'
    } as const
    const data = encodeFunctionResult({ abi: fileShopAbi, functionName: 'getListing', result: listing })
    assert.deepEqual(decodeGetListing(data), { ...listing, status: 'active', token: zeroAddress })
    const paused = encodeFunctionResult({ abi: fileShopAbi, functionName: 'getListing', result: { ...listing, status: 2, cid: 'x'.repeat(100) } })
    assert.equal(decodeGetListing(paused).status, 'paused')
    assert.equal(decodeGetListing(paused).cid, 'x'.repeat(100))
  })

  it('reads a purchase', () => {
    const purchase = {
      listingId: 3n,
      buyer,
      promoter,
      payee: buyer,
      token: zeroAddress,
      amount: 123n,
      commissionBps: 100,
      deadline: 1_800_000_000n,
      state: 1,
      buyerPublicKey: toHex(publicKey)
    } as const
    const data = encodeFunctionResult({ abi: fileShopAbi, functionName: 'getPurchase', result: purchase })
    assert.deepEqual(decodeGetPurchase(data), {
      listingId: 3n, buyer, promoter, amount: 123n, commissionBps: 100, deadline: 1_800_000_000, state: 'pending', buyerPublicKey: toHex(publicKey)
    })
  })

  it('finds the purchase id and deadline in a buy receipt, and the sealed key in a Delivered log', () => {
    const purchasedTopics = encodeEventTopics({ abi: fileShopAbi, eventName: 'Purchased', args: { purchaseId: 9n, listingId: 3n, buyer } }) as Hex[]
    const purchasedData = encodeAbiParameters(
      [{ type: 'address' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'uint64' }],
      [promoter, 123n, toHex(publicKey), 1_800_000_000n]
    )
    const other = { address: contract, topics: [keccak256(toHex('Other()'))], data: '0x' }
    const elsewhere = { address: buyer, topics: purchasedTopics, data: purchasedData }
    assert.deepEqual(purchaseFromLogs([other, elsewhere, { address: contract.toLowerCase(), topics: purchasedTopics, data: purchasedData }], contract), { purchaseId: '9', deadline: 1_800_000_000 })
    assert.equal(purchaseFromLogs([other, elsewhere], contract), undefined)

    const sealedKey = toHex(new Uint8Array(80).map((_, index) => 255 - index))
    const deliveredTopicsOfViem = encodeEventTopics({ abi: fileShopAbi, eventName: 'Delivered', args: { purchaseId: 9n } }) as Hex[]
    assert.deepEqual(deliveredTopics('9'), deliveredTopicsOfViem.slice(0, 2))
    const deliveredData = encodeAbiParameters([{ type: 'bytes' }, { type: 'uint256' }, { type: 'uint256' }], [sealedKey, 15n, 5n])
    assert.equal(sealedKeyFromDeliveredLog({ address: contract, topics: deliveredTopicsOfViem, data: deliveredData }), sealedKey)
  })

  it('commits to a key with keccak-256, and reads uint results', () => {
    assert.equal(keyCommitmentOf(publicKey), keccak256(publicKey))
    assert.equal(decodeUint(encodeAbiParameters([{ type: 'uint256' }], [2n ** 255n])), 2n ** 255n)
  })

  it('refuses data that is not whole words or ends early, by name', () => {
    assert.throws(() => new AbiReader('0x12'), { name: 'AbiDecodingError' })
    assert.throws(() => new AbiReader(`0x${'00'.repeat(32)}`).uint(1), { name: 'AbiDecodingError' })
    assert.throws(() => decodeGetListing(`0x${'0'.repeat(64 * 3)}`), { name: 'AbiDecodingError' })
  })
})
