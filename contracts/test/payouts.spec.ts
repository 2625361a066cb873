import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeFunctionData, getAddress, parseEventLogs, zeroAddress, type Abi, type Address, type TransactionReceipt } from 'viem'
import { ETH, fileShopAbi, useChain, type TestChain } from './support/chain.ts'
import { decodeRevert, flattenCalls, traceCalls } from './support/block.ts'
import {
  actAs, atTimestamp, balanceOf, buy, createListing, deliver, expectRevert, getPurchase, owed, publicKey, refund, sealedKey, withdraw
} from './support/shop.ts'

const chain = useChain()
const abi = fileShopAbi as Abi
const reentrantEventAbi = [{ type: 'event', name: 'ReentryAttempted', inputs: [{ name: 'succeeded', type: 'bool', indexed: false }] }] as const

// The standard sale of this file: 1 000 000 wei at 20 % commission.
const price = 1_000_000n
const payeeShare = 800_000n
const promoterShare = 200_000n

interface Sale {
  listingId: bigint
  purchaseId: bigint
  receipt: TransactionReceipt
}

/** Lists with `payee`, has the buyer buy through `promoter` and the seller deliver. */
async function sell (c: TestChain, payee: Address, promoter: Address, token: Address = ETH): Promise<Sale> {
  const listingId = await createListing(c, { payee, token, price, commissionBps: 2000 })
  const { purchaseId } = await buy(c, listingId, { promoter })
  const receipt = await deliver(c, purchaseId)
  return { listingId, purchaseId, receipt }
}

/** What the transaction in `receipt` changed in `account`'s balance. */
async function received (c: TestChain, receipt: TransactionReceipt, account: Address, token: Address = ETH): Promise<bigint> {
  return await balanceOf(c, account, token, receipt.blockNumber) - await balanceOf(c, account, token, receipt.blockNumber - 1n)
}

function deferrals (receipt: TransactionReceipt): Array<{ account: Address, token: Address, amount: bigint }> {
  return parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'PaymentDeferred' }).map((event) => event.args)
}

async function hasLicense (c: TestChain, account: Address, listingId: bigint): Promise<boolean> {
  return await c.publicClient.readContract({ address: c.shop, abi: fileShopAbi, functionName: 'hasLicense', args: [account, listingId] })
}

/** Asserts the delivery ended the purchase and minted the license despite the hostile party. */
async function assertDelivered (c: TestChain, sale: Sale): Promise<void> {
  assert.equal((await getPurchase(c, sale.purchaseId)).state, 2)
  assert.equal(await hasLicense(c, c.buyer.address, sale.listingId), true)
  const [delivered] = parseEventLogs({ abi: fileShopAbi, logs: sale.receipt.logs, eventName: 'Delivered' })
  assert.equal(delivered?.args.payeeAmount, payeeShare)
  assert.equal(delivered?.args.promoterAmount, promoterShare)
}

async function setAccepting (c: TestChain, receiver: Address, accepting: boolean): Promise<void> {
  await c.send(c.seller, { address: receiver, abi: await c.abiOf('RevertingReceiver'), functionName: 'setAccepting', args: [accepting] })
}

describe('a payee or promoter that refuses ETH', () => {
  it('payee: the delivery goes through, the promoter is paid, the payee is credited', async () => {
    const c = chain()
    const receiver = await c.deploy('RevertingReceiver')
    const sale = await sell(c, receiver, c.promoter.address)
    await assertDelivered(c, sale)
    assert.equal(await received(c, sale.receipt, c.promoter.address), promoterShare)
    assert.equal(await balanceOf(c, receiver), 0n)
    assert.deepEqual(deferrals(sale.receipt), [{ account: receiver, token: ETH, amount: payeeShare }])
    assert.equal(await owed(c, receiver), payeeShare)
    assert.equal(await owed(c, c.promoter.address), 0n)
    assert.equal(await balanceOf(c, c.shop), payeeShare)
  })

  it('promoter: the delivery goes through, the payee is paid, the promoter is credited', async () => {
    const c = chain()
    const receiver = await c.deploy('RevertingReceiver')
    const sale = await sell(c, c.payee.address, receiver)
    await assertDelivered(c, sale)
    assert.equal(await received(c, sale.receipt, c.payee.address), payeeShare)
    assert.deepEqual(deferrals(sale.receipt), [{ account: receiver, token: ETH, amount: promoterShare }])
    assert.equal(await owed(c, receiver), promoterShare)
    assert.equal(await owed(c, c.payee.address), 0n)
    assert.equal(await balanceOf(c, c.shop), promoterShare)
  })

  it('both refuse: each is credited its own share, and credits add up over sales', async () => {
    const c = chain()
    const payee = await c.deploy('RevertingReceiver')
    const promoter = await c.deploy('RevertingReceiver')
    const first = await sell(c, payee, promoter)
    assert.deepEqual(deferrals(first.receipt), [
      { account: payee, token: ETH, amount: payeeShare },
      { account: promoter, token: ETH, amount: promoterShare }
    ])
    await sell(c, payee, promoter)
    assert.equal(await owed(c, payee), 2n * payeeShare)
    assert.equal(await owed(c, promoter), 2n * promoterShare)
    assert.equal(await balanceOf(c, c.shop), 2n * price)
  })

  it('keeps the credit while the account refuses, pays it once it accepts, then owes nothing', async () => {
    const c = chain()
    const receiver = await c.deploy('RevertingReceiver')
    await sell(c, receiver, c.promoter.address)
    await expectRevert(actAs(c, receiver, c.seller, 'withdraw', [ETH]), 'FileShopTokenTransferFailed', [ETH])
    assert.equal(await owed(c, receiver), payeeShare)
    await setAccepting(c, receiver, true)
    const receipt = await actAs(c, receiver, c.seller, 'withdraw', [ETH])
    const [withdrawn] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Withdrawn' })
    assert.deepEqual(withdrawn?.args, { account: receiver, token: ETH, amount: payeeShare, recipient: receiver })
    assert.equal(await balanceOf(c, receiver), payeeShare)
    assert.equal(await owed(c, receiver), 0n)
    assert.equal(await balanceOf(c, c.shop), 0n)
    await expectRevert(actAs(c, receiver, c.seller, 'withdraw', [ETH]), 'FileShopNothingOwed', [receiver, ETH])
  })

  it('pays an accepting contract directly', async () => {
    const c = chain()
    const receiver = await c.deploy('RevertingReceiver')
    await setAccepting(c, receiver, true)
    const sale = await sell(c, receiver, c.promoter.address)
    assert.deepEqual(deferrals(sale.receipt), [])
    assert.equal(await balanceOf(c, receiver), payeeShare)
  })
})

describe('withdraw', () => {
  it('refuses an account that is owed nothing, in any token', async () => {
    const c = chain()
    await expectRevert(withdraw(c, c.payee), 'FileShopNothingOwed', [c.payee.address, ETH])
    await expectRevert(withdraw(c, c.payee, c.usdc), 'FileShopNothingOwed', [c.payee.address, c.usdc])
    // A credit in one token is no credit in another.
    const receiver = await c.deploy('RevertingReceiver')
    await sell(c, receiver, c.promoter.address)
    await expectRevert(actAs(c, receiver, c.seller, 'withdraw', [c.usdc]), 'FileShopNothingOwed', [receiver, c.usdc])
  })

  it('pays only the caller its own credit', async () => {
    const c = chain()
    const first = await c.deploy('RevertingReceiver')
    const second = await c.deploy('RevertingReceiver')
    await sell(c, first, c.promoter.address)
    await sell(c, second, c.promoter.address)
    await setAccepting(c, first, true)
    await actAs(c, first, c.seller, 'withdraw', [ETH])
    assert.equal(await owed(c, second), payeeShare)
    assert.equal(await balanceOf(c, c.shop), payeeShare)
    assert.equal(await balanceOf(c, first), payeeShare)
  })
})

describe('a re-entrant payee or promoter', () => {
  const reentrantAbi = async (c: TestChain): Promise<Abi> => await c.abiOf('ReentrantReceiver')

  async function arm (c: TestChain, receiver: Address, functionName: string, args: readonly unknown[], bubble: boolean): Promise<void> {
    const data = encodeFunctionData({ abi, functionName, args } as never)
    await c.send(c.seller, { address: receiver, abi: await reentrantAbi(c), functionName: 'arm', args: [c.shop, data, bubble] })
  }

  /** The errors FileShop answered the receiver's calls with during the transaction. */
  async function reentryErrors (c: TestChain, receipt: TransactionReceipt, receiver: Address): Promise<Array<string | undefined>> {
    const calls = flattenCalls(await traceCalls(c, receipt.transactionHash))
      .filter((call) => getAddress(call.from) === receiver && call.to !== undefined && getAddress(call.to) === c.shop)
    return await Promise.all(calls.map(async (call) => call.error === undefined ? undefined : (await decodeRevert(c, call.output))?.errorName))
  }

  /** What the receiver's ReentryAttempted events said, in order. */
  function reentrySucceeded (receipt: TransactionReceipt, receiver: Address): boolean[] {
    return parseEventLogs({ abi: reentrantEventAbi, logs: receipt.logs.filter((log) => getAddress(log.address) === receiver) })
      .map((event) => event.args.succeeded)
  }

  /** A purchase whose deadline has passed (refundable) while the sale under test is still deliverable. */
  async function refundablePurchase (c: TestChain): Promise<bigint> {
    const listingId = await createListing(c, { price: 5000n, deliveryWindow: 60 })
    const { purchaseId } = await buy(c, listingId)
    const { deadline } = await getPurchase(c, purchaseId)
    await atTimestamp(c, deadline)
    return purchaseId
  }

  it('cannot refund another purchase from inside a delivery; its own payment still arrives', async () => {
    const c = chain()
    const receiver = await c.deploy('ReentrantReceiver')
    const listingId = await createListing(c, { payee: receiver, price, commissionBps: 2000 })
    const { purchaseId } = await buy(c, listingId)
    const victim = await refundablePurchase(c)
    await arm(c, receiver, 'refund', [victim], false)
    const receipt = await deliver(c, purchaseId)
    assert.deepEqual(await reentryErrors(c, receipt, receiver), ['ReentrancyGuardReentrantCall'])
    assert.deepEqual(reentrySucceeded(receipt, receiver), [false])
    assert.equal(await balanceOf(c, receiver), payeeShare)
    assert.deepEqual(deferrals(receipt), [])
    assert.equal((await getPurchase(c, victim)).state, 1)
    // The refund itself was allowed: only re-entering made it fail.
    await refund(c, victim)
  })

  it('cannot deliver its own sale from inside another delivery', async () => {
    const c = chain()
    const receiver = await c.deploy('ReentrantReceiver')
    // The receiver is the seller of a listing of its own, with a pending purchase.
    await actAs(c, receiver, c.seller, 'createListing', [c.payee.address, ETH, 7000n, 0, 3600, 'bafy-own', `0x${'11'.repeat(32)}`])
    const { purchaseId: ownPurchase } = await buy(c, 1n)
    const listingId = await createListing(c, { payee: receiver, price, commissionBps: 2000 })
    const { purchaseId } = await buy(c, listingId)
    await arm(c, receiver, 'deliver', [ownPurchase, sealedKey()], false)
    const receipt = await deliver(c, purchaseId)
    assert.deepEqual(await reentryErrors(c, receipt, receiver), ['ReentrancyGuardReentrantCall'])
    assert.equal((await getPurchase(c, ownPurchase)).state, 1)
    assert.equal(await balanceOf(c, receiver), payeeShare)
  })

  it('cannot withdraw twice by re-entering withdraw', async () => {
    const c = chain()
    const receiver = await c.deploy('ReentrantReceiver')
    // First make it owed something: armed to fail loudly, its payment is deferred.
    await arm(c, receiver, 'withdraw', [ETH], true)
    const first = await sell(c, receiver, c.promoter.address)
    assert.deepEqual(deferrals(first.receipt), [{ account: receiver, token: ETH, amount: payeeShare }])
    // A second sale while owed: the payment arrives but the re-entered withdraw is refused.
    await arm(c, receiver, 'withdraw', [ETH], false)
    const second = await sell(c, receiver, c.promoter.address)
    assert.deepEqual(await reentryErrors(c, second.receipt, receiver), ['ReentrancyGuardReentrantCall'])
    assert.equal(await balanceOf(c, receiver), payeeShare)
    assert.equal(await owed(c, receiver), payeeShare)
    // Withdrawing, it re-enters withdraw once more from its receive: refused, so it gets its credit once.
    const receipt = await actAs(c, receiver, c.seller, 'withdraw', [ETH])
    assert.deepEqual(await reentryErrors(c, receipt, receiver), [undefined, 'ReentrancyGuardReentrantCall'])
    assert.equal(await balanceOf(c, receiver), 2n * payeeShare)
    assert.equal(await owed(c, receiver), 0n)
    assert.equal(await balanceOf(c, c.shop), 0n)
  })

  it('is credited when its failed re-entry makes it refuse the payment (promoter)', async () => {
    const c = chain()
    const receiver = await c.deploy('ReentrantReceiver')
    const listingId = await createListing(c, { price, commissionBps: 2000 })
    const { purchaseId } = await buy(c, listingId, { promoter: receiver })
    const victim = await refundablePurchase(c)
    await arm(c, receiver, 'refund', [victim], true)
    const receipt = await deliver(c, purchaseId)
    assert.equal(await received(c, receipt, c.payee.address), payeeShare)
    assert.deepEqual(deferrals(receipt), [{ account: receiver, token: ETH, amount: promoterShare }])
    assert.equal(await owed(c, receiver), promoterShare)
    assert.equal((await getPurchase(c, victim)).state, 1)
  })

  it('cannot re-enter from a refund paid to it', async () => {
    const c = chain()
    const receiver = await c.deploy('ReentrantReceiver')
    const listingId = await createListing(c, { price: 3000n, deliveryWindow: 60 })
    await actAs(c, receiver, c.buyer, 'buy', [listingId, zeroAddress, publicKey()], 3000n)
    const { purchaseId: victim } = await buy(c, listingId)
    await arm(c, receiver, 'refund', [victim], false)
    await atTimestamp(c, (await getPurchase(c, victim)).deadline)
    const receipt = await refund(c, 1n)
    assert.deepEqual(await reentryErrors(c, receipt, receiver), ['ReentrancyGuardReentrantCall'])
    assert.equal(await balanceOf(c, receiver), 3000n)
    assert.equal((await getPurchase(c, victim)).state, 1)
  })
})

describe('a gas-burning payee or promoter', () => {
  it('cannot make a delivery expensive; its share is credited', async () => {
    const c = chain()
    const burner = await c.deploy('GasBurner')
    const normal = await sell(c, c.payee.address, c.promoter.address)
    const burnt = await sell(c, burner, c.promoter.address)
    await assertDelivered(c, burnt)
    assert.equal(await received(c, burnt.receipt, c.promoter.address), promoterShare)
    assert.deepEqual(deferrals(burnt.receipt), [{ account: burner, token: ETH, amount: payeeShare }])
    // The push is capped at 50 000 gas and the credit with its event costs about 25 000 more;
    // uncapped, the burner would eat 63/64 of whatever gas the seller gave.
    const extra = burnt.receipt.gasUsed - normal.receipt.gasUsed
    assert.ok(extra < 100_000n, `the burner added ${extra} gas`)
  })

  it('as promoter: the payee is still paid', async () => {
    const c = chain()
    const burner = await c.deploy('GasBurner')
    const sale = await sell(c, c.payee.address, burner)
    assert.equal(await received(c, sale.receipt, c.payee.address), payeeShare)
    assert.equal(await owed(c, burner), promoterShare)
  })

  it('cannot collect ETH by burning the gas of its withdraw: the credit stays', async () => {
    const c = chain()
    const burner = await c.deploy('GasBurner')
    await sell(c, burner, c.promoter.address)
    await expectRevert(actAs(c, burner, c.seller, 'withdraw', [ETH]), 'FileShopTokenTransferFailed', [ETH])
    assert.equal(await owed(c, burner), payeeShare)
    assert.equal(await balanceOf(c, c.shop), payeeShare)
  })
})

describe('a return bomb payee', () => {
  it('that accepts is paid without the shop copying its return data', async () => {
    const c = chain()
    const bomb = await c.deploy('ReturnBomb')
    const normal = await sell(c, c.payee.address, c.promoter.address)
    const bombed = await sell(c, bomb, c.promoter.address)
    assert.deepEqual(deferrals(bombed.receipt), [])
    assert.equal(await balanceOf(c, bomb), payeeShare)
    assert.equal(await received(c, bombed.receipt, c.promoter.address), promoterShare)
    // The bomb spends about 25 000 gas on its own memory; copying its 90 000 bytes would
    // cost the shop over 30 000 more.
    const extra = bombed.receipt.gasUsed - normal.receipt.gasUsed
    assert.ok(extra < 45_000n, `the bomb added ${extra} gas`)
  })

  it('that reverts with a huge reason is credited; the promoter is paid', async () => {
    const c = chain()
    const bomb = await c.deploy('ReturnBomb')
    await c.send(c.seller, { address: bomb, abi: await c.abiOf('ReturnBomb'), functionName: 'setReverting', args: [true] })
    const sale = await sell(c, bomb, c.promoter.address)
    await assertDelivered(c, sale)
    assert.deepEqual(deferrals(sale.receipt), [{ account: bomb, token: ETH, amount: payeeShare }])
    assert.equal(await received(c, sale.receipt, c.promoter.address), promoterShare)
    assert.ok(sale.receipt.gasUsed < 250_000n, `delivery used ${sale.receipt.gasUsed} gas`)
  })
})

describe('a token that blocks one recipient', () => {
  async function blockingToken (c: TestChain): Promise<{ token: Address, tokenAbi: Abi }> {
    const token = await c.deploy('BlockingERC20')
    const tokenAbi = await c.abiOf('BlockingERC20')
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'mint', args: [c.buyer.address, 10n * price] })
    await c.send(c.buyer, { address: token, abi: tokenAbi, functionName: 'approve', args: [c.shop, 10n * price] })
    return { token, tokenAbi }
  }

  const setBlocked = async (c: TestChain, token: Address, tokenAbi: Abi, account: Address, blocked: boolean): Promise<void> => {
    await c.send(c.seller, { address: token, abi: tokenAbi, functionName: 'setBlocked', args: [account, blocked] })
  }

  it('reverting for the payee: the promoter is paid, the payee credited and paid once unblocked', async () => {
    const c = chain()
    const { token, tokenAbi } = await blockingToken(c)
    await setBlocked(c, token, tokenAbi, c.payee.address, true)
    const sale = await sell(c, c.payee.address, c.promoter.address, token)
    await assertDelivered(c, sale)
    assert.equal(await balanceOf(c, c.promoter.address, token), promoterShare)
    assert.equal(await balanceOf(c, c.payee.address, token), 0n)
    assert.deepEqual(deferrals(sale.receipt), [{ account: c.payee.address, token, amount: payeeShare }])
    assert.equal(await owed(c, c.payee.address, token), payeeShare)
    assert.equal(await owed(c, c.payee.address, ETH), 0n)
    await expectRevert(withdraw(c, c.payee, token), 'FileShopTokenTransferFailed', [token])
    await expectRevert(withdraw(c, c.payee, ETH), 'FileShopNothingOwed', [c.payee.address, ETH])
    await setBlocked(c, token, tokenAbi, c.payee.address, false)
    const receipt = await withdraw(c, c.payee, token)
    const [withdrawn] = parseEventLogs({ abi: fileShopAbi, logs: receipt.logs, eventName: 'Withdrawn' })
    assert.deepEqual(withdrawn?.args, { account: c.payee.address, token, amount: payeeShare, recipient: c.payee.address })
    assert.equal(await balanceOf(c, c.payee.address, token), payeeShare)
    assert.equal(await balanceOf(c, c.shop, token), 0n)
    await expectRevert(withdraw(c, c.payee, token), 'FileShopNothingOwed', [c.payee.address, token])
  })

  it('returning false for the promoter: the payee is paid, the promoter credited', async () => {
    const c = chain()
    const { token, tokenAbi } = await blockingToken(c)
    await c.send(c.seller, { address: token, abi: tokenAbi, functionName: 'setReturnFalse', args: [true] })
    await setBlocked(c, token, tokenAbi, c.promoter.address, true)
    const sale = await sell(c, c.payee.address, c.promoter.address, token)
    assert.equal(await balanceOf(c, c.payee.address, token), payeeShare)
    assert.equal(await balanceOf(c, c.promoter.address, token), 0n)
    assert.deepEqual(deferrals(sale.receipt), [{ account: c.promoter.address, token, amount: promoterShare }])
    // A false return is a failure for withdraw too, not a silent success that zeroes the credit.
    await expectRevert(withdraw(c, c.promoter, token), 'FileShopTokenTransferFailed', [token])
    assert.equal(await owed(c, c.promoter.address, token), promoterShare)
    await setBlocked(c, token, tokenAbi, c.promoter.address, false)
    await withdraw(c, c.promoter, token)
    assert.equal(await balanceOf(c, c.promoter.address, token), promoterShare)
  })
})

describe('the license', () => {
  const licenseAbi = async (c: TestChain): Promise<Abi> => await c.abiOf('FileShop')

  it('is held by the buyer only, and only after delivery', async () => {
    const c = chain()
    const listingId = await createListing(c)
    const other = await createListing(c)
    const { purchaseId } = await buy(c, listingId)
    assert.equal(await hasLicense(c, c.buyer.address, listingId), false)
    await deliver(c, purchaseId)
    assert.equal(await hasLicense(c, c.buyer.address, listingId), true)
    assert.equal(await hasLicense(c, c.buyer.address, other), false)
    for (const account of [c.seller, c.payee, c.promoter, c.stranger]) assert.equal(await hasLicense(c, account.address, listingId), false)
    const balance = await c.publicClient.readContract({ address: c.shop, abi: await licenseAbi(c), functionName: 'balanceOf', args: [c.buyer.address, listingId] })
    assert.equal(balance, 1n)
  })

  it('cannot be transferred, singly or in a batch, by the holder or an approved operator', async () => {
    const c = chain()
    const listingId = await createListing(c)
    const { purchaseId } = await buy(c, listingId)
    await deliver(c, purchaseId)
    const tokenAbi = await licenseAbi(c)
    const transfer = async (from: typeof c.buyer, functionName: string, args: readonly unknown[]): Promise<TransactionReceipt> =>
      await c.send(from, { address: c.shop, abi: tokenAbi, functionName, args })
    await expectRevert(transfer(c.buyer, 'safeTransferFrom', [c.buyer.address, c.stranger.address, listingId, 1n, '0x']), 'FileShopLicenseNotTransferable')
    await expectRevert(transfer(c.buyer, 'safeBatchTransferFrom', [c.buyer.address, c.stranger.address, [listingId], [1n], '0x']), 'FileShopLicenseNotTransferable')
    await transfer(c.buyer, 'setApprovalForAll', [c.stranger.address, true])
    await expectRevert(transfer(c.stranger, 'safeTransferFrom', [c.buyer.address, c.stranger.address, listingId, 1n, '0x']), 'FileShopLicenseNotTransferable')
    assert.equal(await hasLicense(c, c.buyer.address, listingId), true)
    assert.equal(await hasLicense(c, c.stranger.address, listingId), false)
  })

  it('is minted to a buyer contract that does not accept ERC-1155 tokens, and the sale is paid', async () => {
    const c = chain()
    const receiver = await c.deploy('RevertingReceiver')
    const listingId = await createListing(c, { price, commissionBps: 2000 })
    await actAs(c, receiver, c.buyer, 'buy', [listingId, c.promoter.address, publicKey()], price)
    const receipt = await deliver(c, 1n)
    assert.equal(await hasLicense(c, receiver, listingId), true)
    assert.equal(await received(c, receipt, c.payee.address), payeeShare)
    assert.equal(await received(c, receipt, c.promoter.address), promoterShare)
  })
})
