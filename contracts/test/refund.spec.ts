import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseEventLogs, zeroAddress, type Abi, type Address } from 'viem'
import type { HDAccount } from 'viem/accounts'
import { ETH, fileShopAbi, useChain, type ContractCall, type TestChain } from './support/chain.ts'
import { inOneBlock } from './support/block.ts'
import {
  actAs, atTimestamp, balanceOf, buy, createListing, defaultWindow, deliver, expectRevert, gasCost, getPurchase,
  owed, publicKey, refund, sealedKey, shopCall, withdraw
} from './support/shop.ts'

const chain = useChain()
const abi = fileShopAbi as Abi

const Pending = 1
const Delivered = 2
const Refunded = 3

/** A purchase of a fresh ETH listing (price 1 000 000 wei, 10 % commission). */
async function pendingPurchase (c: TestChain, options: { price?: bigint, token?: Address, boughtAt?: bigint } = {}): Promise<{ listingId: bigint, purchaseId: bigint, deadline: bigint }> {
  const listingId = await createListing(c, { price: options.price ?? 1_000_000n, commissionBps: 1000, token: options.token })
  if (options.boughtAt !== undefined) await atTimestamp(c, options.boughtAt)
  const { purchaseId } = await buy(c, listingId)
  return { listingId, purchaseId, deadline: (await getPurchase(c, purchaseId)).deadline }
}

describe('refund', () => {
  it('repays the buyer at exactly the deadline', async () => {
    const c = chain()
    const { purchaseId, deadline } = await pendingPurchase(c)
    const buyerBefore = await balanceOf(c, c.buyer.address)
    await atTimestamp(c, deadline)
    const receipt = await refund(c, purchaseId)
    assert.equal((await c.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp, deadline)
    assert.equal(await balanceOf(c, c.buyer.address), buyerBefore + 1_000_000n)
    assert.equal(await balanceOf(c, c.shop), 0n)
    assert.equal((await getPurchase(c, purchaseId)).state, Refunded)
    const [event] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Refunded' })
    assert.deepEqual(event?.args, { purchaseId, buyer: c.buyer.address, amount: 1_000_000n })
    assert.equal(parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'PaymentDeferred' }).length, 0)
  })

  it('refuses one second before the deadline, and changes nothing', async () => {
    const c = chain()
    const { purchaseId, deadline } = await pendingPurchase(c)
    await atTimestamp(c, deadline - 1n)
    await expectRevert(refund(c, purchaseId), 'FileShopDeadlineNotReached', [purchaseId, deadline])
    // The seller can still deliver in that very second.
    assert.equal((await getPurchase(c, purchaseId)).state, Pending)
    assert.equal(await balanceOf(c, c.shop), 1_000_000n)
    await deliver(c, purchaseId)
  })

  it('refuses right after the purchase', async () => {
    const c = chain()
    const { purchaseId, deadline } = await pendingPurchase(c)
    await expectRevert(refund(c, purchaseId), 'FileShopDeadlineNotReached', [purchaseId, deadline])
  })

  it('may be called by anyone, but pays only the buyer', async () => {
    const c = chain()
    // Each caller refunds a purchase of its own; none of them is the buyer.
    const callers: HDAccount[] = [c.stranger, c.seller, c.payee, c.promoter]
    const purchases = []
    for (let index = 0; index < callers.length; index++) purchases.push(await pendingPurchase(c, { price: 1000n + BigInt(index) }))
    await c.testClient.increaseTime({ seconds: 3600 })
    for (const [index, caller] of callers.entries()) {
      const { purchaseId } = purchases[index]!
      const watched = [c.buyer, ...callers]
      const before = await Promise.all(watched.map(async (account) => await balanceOf(c, account.address)))
      const receipt = await refund(c, purchaseId, caller)
      const after = await Promise.all(watched.map(async (account) => await balanceOf(c, account.address)))
      for (const [position, account] of watched.entries()) {
        const expected = account === c.buyer ? 1000n + BigInt(index) : account === caller ? -gasCost(receipt) : 0n
        assert.equal(after[position]! - before[position]!, expected, `${account.address} after a refund called by ${caller.address}`)
      }
    }
    assert.equal(await balanceOf(c, c.shop), 0n)
  })

  it('may be called by the buyer', async () => {
    const c = chain()
    const { purchaseId, deadline } = await pendingPurchase(c)
    const before = await balanceOf(c, c.buyer.address)
    await atTimestamp(c, deadline)
    const receipt = await refund(c, purchaseId, c.buyer)
    assert.equal(await balanceOf(c, c.buyer.address), before + 1_000_000n - gasCost(receipt))
  })

  it('returns what the buyer paid, not the current price, even once delisted', async () => {
    const c = chain()
    const { listingId, purchaseId, deadline } = await pendingPurchase(c, { price: 700n })
    await shopCall(c, c.seller, 'setPrice', [listingId, 9_000n])
    await shopCall(c, c.seller, 'delist', [listingId])
    const before = await balanceOf(c, c.buyer.address)
    await atTimestamp(c, deadline)
    await refund(c, purchaseId)
    assert.equal(await balanceOf(c, c.buyer.address), before + 700n)
  })

  it('refunds only its own purchase', async () => {
    const c = chain()
    const first = await pendingPurchase(c, { price: 100n })
    const second = await pendingPurchase(c, { price: 200n })
    await atTimestamp(c, second.deadline)
    await refund(c, first.purchaseId)
    assert.equal((await getPurchase(c, second.purchaseId)).state, Pending)
    assert.equal(await balanceOf(c, c.shop), 200n)
  })

  it('refuses a second refund', async () => {
    const c = chain()
    const { purchaseId, deadline } = await pendingPurchase(c)
    await atTimestamp(c, deadline)
    await refund(c, purchaseId)
    const before = await balanceOf(c, c.buyer.address)
    await expectRevert(refund(c, purchaseId), 'FileShopNotPending', [purchaseId, Refunded])
    await expectRevert(refund(c, purchaseId, c.buyer), 'FileShopNotPending', [purchaseId, Refunded])
    assert.equal(await balanceOf(c, c.buyer.address), before)
  })

  it('refuses a refund after delivery, also once the deadline is long past', async () => {
    const c = chain()
    const { purchaseId, deadline } = await pendingPurchase(c)
    await deliver(c, purchaseId)
    await expectRevert(refund(c, purchaseId), 'FileShopNotPending', [purchaseId, Delivered])
    await atTimestamp(c, deadline + 86_400n)
    await expectRevert(refund(c, purchaseId), 'FileShopNotPending', [purchaseId, Delivered])
  })

  it('refuses a delivery after a refund', async () => {
    const c = chain()
    const { purchaseId, deadline } = await pendingPurchase(c)
    await atTimestamp(c, deadline)
    await refund(c, purchaseId)
    await expectRevert(deliver(c, purchaseId), 'FileShopNotPending', [purchaseId, Refunded])
  })

  it('grants no license', async () => {
    const c = chain()
    const { listingId, purchaseId, deadline } = await pendingPurchase(c)
    await atTimestamp(c, deadline)
    await refund(c, purchaseId)
    assert.equal(await c.publicClient.readContract({ address: c.shop, abi: fileShopAbi, functionName: 'hasLicense', args: [c.buyer.address, listingId] }), false)
  })

  it('refuses an unknown purchase', async () => {
    const c = chain()
    await expectRevert(refund(c, 1n), 'FileShopUnknownPurchase', [1n])
    await pendingPurchase(c)
    await expectRevert(refund(c, 2n), 'FileShopUnknownPurchase', [2n])
    await expectRevert(refund(c, 0n), 'FileShopUnknownPurchase', [0n])
  })
})

describe('deliver and refund racing in one block', () => {
  const deliverCall = (c: TestChain, purchaseId: bigint): { from: HDAccount, call: ContractCall } =>
    ({ from: c.seller, call: { address: c.shop, abi, functionName: 'deliver', args: [purchaseId, sealedKey()] } })
  const refundCall = (c: TestChain, purchaseId: bigint, from: HDAccount = c.stranger): { from: HDAccount, call: ContractCall } =>
    ({ from, call: { address: c.shop, abi, functionName: 'refund', args: [purchaseId] } })

  /** Balances of buyer, payee and promoter (none of them sends a racing transaction). */
  const parties = async (c: TestChain, blockNumber?: bigint): Promise<bigint[]> =>
    await Promise.all([c.buyer, c.payee, c.promoter].map(async (account) => await balanceOf(c, account.address, ETH, blockNumber)))

  for (const order of ['deliver first', 'refund first'] as const) {
    it(`delivery wins one second before the deadline (${order})`, async () => {
      const c = chain()
      const { purchaseId, deadline } = await pendingPurchase(c)
      const before = await parties(c)
      const calls = [deliverCall(c, purchaseId), refundCall(c, purchaseId)]
      const [delivered, refunded] = await inOneBlock(c, deadline - 1n, order === 'deliver first' ? calls : calls.reverse())
        .then((mined) => order === 'deliver first' ? mined : mined.reverse())
      assert.equal(delivered!.receipt.blockNumber, refunded!.receipt.blockNumber)
      assert.equal(delivered!.receipt.transactionIndex < refunded!.receipt.transactionIndex, order === 'deliver first')
      assert.equal((await c.publicClient.getBlock({ blockNumber: delivered!.receipt.blockNumber })).timestamp, deadline - 1n)
      assert.equal(delivered!.receipt.status, 'success')
      assert.equal(refunded!.receipt.status, 'reverted')
      // Whichever came first, the refund is refused for the time, or for the state.
      assert.deepEqual(refunded!.error, order === 'deliver first'
        ? { errorName: 'FileShopNotPending', args: [purchaseId, Delivered] }
        : { errorName: 'FileShopDeadlineNotReached', args: [purchaseId, deadline] })
      assert.equal((await getPurchase(c, purchaseId)).state, Delivered)
      assert.deepEqual(await parties(c), [before[0]!, before[1]! + 900_000n, before[2]! + 100_000n])
      assert.equal(await balanceOf(c, c.shop), 0n)
    })

    it(`refund wins at the deadline (${order})`, async () => {
      const c = chain()
      const { purchaseId, deadline } = await pendingPurchase(c)
      const before = await parties(c)
      const calls = [deliverCall(c, purchaseId), refundCall(c, purchaseId)]
      const [delivered, refunded] = await inOneBlock(c, deadline, order === 'deliver first' ? calls : calls.reverse())
        .then((mined) => order === 'deliver first' ? mined : mined.reverse())
      assert.equal(delivered!.receipt.blockNumber, refunded!.receipt.blockNumber)
      assert.equal((await c.publicClient.getBlock({ blockNumber: refunded!.receipt.blockNumber })).timestamp, deadline)
      assert.equal(refunded!.receipt.status, 'success')
      assert.equal(delivered!.receipt.status, 'reverted')
      assert.deepEqual(delivered!.error, order === 'deliver first'
        ? { errorName: 'FileShopDeadlinePassed', args: [purchaseId, deadline] }
        : { errorName: 'FileShopNotPending', args: [purchaseId, Refunded] })
      assert.equal((await getPurchase(c, purchaseId)).state, Refunded)
      assert.deepEqual(await parties(c), [before[0]! + 1_000_000n, before[1]!, before[2]!])
      assert.equal(await balanceOf(c, c.shop), 0n)
    })
  }

  it('pays the buyer once when two refunds share a block', async () => {
    const c = chain()
    const { purchaseId, deadline } = await pendingPurchase(c)
    const before = await parties(c)
    const [first, second] = await inOneBlock(c, deadline, [refundCall(c, purchaseId, c.stranger), refundCall(c, purchaseId, c.seller)])
    assert.equal(first!.receipt.status, 'success')
    assert.deepEqual(second!.error, { errorName: 'FileShopNotPending', args: [purchaseId, Refunded] })
    assert.deepEqual(await parties(c), [before[0]! + 1_000_000n, before[1]!, before[2]!])
  })

  it('settles only the purchases whose deadline the block reached', async () => {
    const c = chain()
    // Two purchases a second apart: the block at the first deadline is one second early for the second.
    const first = await pendingPurchase(c, { price: 100n })
    const second = await pendingPurchase(c, { price: 200n, boughtAt: first.deadline - BigInt(defaultWindow) + 1n })
    assert.equal(second.deadline, first.deadline + 1n)
    const before = await parties(c)
    const mined = await inOneBlock(c, first.deadline, [
      refundCall(c, first.purchaseId), deliverCall(c, first.purchaseId),
      refundCall(c, second.purchaseId, c.accounts[5]!), deliverCall(c, second.purchaseId)
    ])
    assert.deepEqual(mined.map((transaction) => transaction.receipt.status), ['success', 'reverted', 'reverted', 'success'])
    assert.deepEqual(mined[2]!.error, { errorName: 'FileShopDeadlineNotReached', args: [second.purchaseId, second.deadline] })
    assert.deepEqual(await parties(c), [before[0]! + 100n, before[1]! + 180n, before[2]! + 20n])
    assert.equal(await balanceOf(c, c.shop), 0n)
  })
})

describe('refund in an ERC-20', () => {
  it('returns exactly the tokens the buyer paid', async () => {
    const c = chain()
    const before = await balanceOf(c, c.buyer.address, c.usdc)
    const { purchaseId, deadline } = await pendingPurchase(c, { token: c.usdc, price: 4_200_000n })
    assert.equal(await balanceOf(c, c.buyer.address, c.usdc), before - 4_200_000n)
    await atTimestamp(c, deadline)
    const receipt = await refund(c, purchaseId)
    assert.equal(await balanceOf(c, c.buyer.address, c.usdc), before)
    assert.equal(await balanceOf(c, c.shop, c.usdc), 0n)
    const [event] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Refunded' })
    assert.deepEqual(event?.args, { purchaseId, buyer: c.buyer.address, amount: 4_200_000n })
  })

  it('credits a buyer the token refuses to pay, who withdraws once unblocked', async () => {
    const c = chain()
    const token = await c.deploy('BlockingERC20')
    const tokenAbi = await c.abiOf('BlockingERC20')
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'mint', args: [c.buyer.address, 5000n] })
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'approve', args: [c.shop, 5000n] })
    const { purchaseId, deadline } = await pendingPurchase(c, { token, price: 5000n })
    await c.send(c.seller, { address: token, abi: tokenAbi, functionName: 'setBlocked', args: [c.buyer.address, true] })
    await atTimestamp(c, deadline)
    const receipt = await refund(c, purchaseId)
    const [deferred] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'PaymentDeferred' })
    assert.deepEqual(deferred?.args, { account: c.buyer.address, token, amount: 5000n })
    assert.equal(await owed(c, c.buyer.address, token), 5000n)
    assert.equal(await owed(c, c.buyer.address, ETH), 0n)
    assert.equal(await balanceOf(c, c.shop, token), 5000n)
    await expectRevert(withdraw(c, c.buyer, token), 'FileShopTokenTransferFailed', [token])
    await c.send(c.seller, { address: token, abi: tokenAbi, functionName: 'setBlocked', args: [c.buyer.address, false] })
    await withdraw(c, c.buyer, token)
    assert.equal(await balanceOf(c, c.buyer.address, token), 5000n)
    assert.equal(await balanceOf(c, c.shop, token), 0n)
  })
})

describe('refund to a buyer contract that refuses ETH', () => {
  /** A RevertingReceiver that bought a 1 000 000 wei listing (the buyer account pays through it). */
  async function contractBuyer (c: TestChain): Promise<{ receiver: Address, receiverAbi: Abi, purchaseId: bigint, deadline: bigint }> {
    const receiver = await c.deploy('RevertingReceiver')
    const receiverAbi = await c.abiOf('RevertingReceiver')
    const listingId = await createListing(c, { price: 1_000_000n })
    await actAs(c, receiver, c.buyer, 'buy', [listingId, zeroAddress, publicKey()], 1_000_000n)
    const purchaseId = await c.publicClient.readContract({ address: c.shop, abi: fileShopAbi, functionName: 'purchaseCount' })
    const purchase = await getPurchase(c, purchaseId)
    assert.equal(purchase.buyer, receiver)
    return { receiver, receiverAbi, purchaseId, deadline: purchase.deadline }
  }

  it('still ends the purchase and credits the refund to the buyer', async () => {
    const c = chain()
    const { receiver, purchaseId, deadline } = await contractBuyer(c)
    await atTimestamp(c, deadline)
    const receipt = await refund(c, purchaseId)
    assert.equal((await getPurchase(c, purchaseId)).state, Refunded)
    const [refunded] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Refunded' })
    assert.deepEqual(refunded?.args, { purchaseId, buyer: receiver, amount: 1_000_000n })
    const [deferred] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'PaymentDeferred' })
    assert.deepEqual(deferred?.args, { account: receiver, token: ETH, amount: 1_000_000n })
    assert.equal(await owed(c, receiver), 1_000_000n)
    assert.equal(await balanceOf(c, receiver), 0n)
    assert.equal(await balanceOf(c, c.shop), 1_000_000n)
    // The credit belongs to the buyer only: the caller of refund has nothing to withdraw.
    await expectRevert(withdraw(c, c.stranger), 'FileShopNothingOwed', [c.stranger.address, ETH])
  })

  it('keeps the credit while the buyer still refuses, and pays it out once it accepts', async () => {
    const c = chain()
    const { receiver, receiverAbi, purchaseId, deadline } = await contractBuyer(c)
    await atTimestamp(c, deadline)
    await refund(c, purchaseId)
    await expectRevert(actAs(c, receiver, c.buyer, 'withdraw', [ETH]), 'FileShopTokenTransferFailed', [ETH])
    assert.equal(await owed(c, receiver), 1_000_000n)
    await c.send(c.buyer, { address: receiver, abi: receiverAbi, functionName: 'setAccepting', args: [true] })
    const receipt = await actAs(c, receiver, c.buyer, 'withdraw', [ETH])
    const [withdrawn] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Withdrawn' })
    assert.deepEqual(withdrawn?.args, { account: receiver, token: ETH, amount: 1_000_000n, recipient: receiver })
    assert.equal(await balanceOf(c, receiver), 1_000_000n)
    assert.equal(await owed(c, receiver), 0n)
    assert.equal(await balanceOf(c, c.shop), 0n)
    await expectRevert(actAs(c, receiver, c.buyer, 'withdraw', [ETH]), 'FileShopNothingOwed', [receiver, ETH])
  })

  it('credits a gas-burning buyer without running the refund out of gas', async () => {
    const c = chain()
    const burner = await c.deploy('GasBurner')
    const listingId = await createListing(c, { price: 3000n })
    await actAs(c, burner, c.buyer, 'buy', [listingId, zeroAddress, publicKey()], 3000n)
    const { deadline } = await getPurchase(c, 1n)
    await atTimestamp(c, deadline)
    const receipt = await refund(c, 1n)
    // The push is capped, so the burner cannot make the refund expensive.
    assert.ok(receipt.gasUsed < 150_000n, `refund used ${receipt.gasUsed} gas`)
    assert.equal(await owed(c, burner), 3000n)
  })

  it('refunds a contract that accepts ETH directly', async () => {
    const c = chain()
    const { receiver, receiverAbi, purchaseId, deadline } = await contractBuyer(c)
    await c.send(c.buyer, { address: receiver, abi: receiverAbi, functionName: 'setAccepting', args: [true] })
    await atTimestamp(c, deadline)
    const receipt = await refund(c, purchaseId)
    assert.equal(parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'PaymentDeferred' }).length, 0)
    assert.equal(await balanceOf(c, receiver), 1_000_000n)
    assert.equal(await owed(c, receiver), 0n)
  })
})
