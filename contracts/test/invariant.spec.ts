// A random walk (seeded: see support/random.ts) through everything FileShop lets people do, by
// sellers, buyers and promoters that are plain accounts or hostile contracts, in ETH and two
// ERC-20s. A model predicts every outcome: which calls revert (with which custom error), every
// balance and every credit. After each step the chain must match the model exactly, and per
// token the money must add up:
//   shop balance == sum of pending escrows + sum of what is owed, and
//   paid in by buys == paid out (deliveries, refunds, withdrawals, as the events report them) + shop balance.

import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  decodeFunctionResult, encodeFunctionData, getAddress, keccak256, maxUint256, parseAbi, parseEventLogs, toHex, zeroAddress, zeroHash,
  type Abi, type Address, type Hex, type TransactionReceipt
} from 'viem'
import type { HDAccount } from 'viem/accounts'
import { ETH, fileShopAbi, useChain, type ContractCall, type TestChain } from './support/chain.ts'
import { inOneBlock } from './support/block.ts'
import { seededRandom } from './support/random.ts'
import { readAll, type Read } from './support/reads.ts'
import { atTimestamp, balanceOf, expectRevert, gasCost, publicKey, sealedKey } from './support/shop.ts'

const chain = useChain()
const steps = Number(process.env.INVARIANT_STEPS ?? 150)

const Active = 1
const Paused = 2
const Delisted = 3
const Pending = 1
const Delivered = 2
const Refunded = 3

interface ModelListing {
  seller: HDAccount
  payee: Address
  token: Address
  price: bigint
  commissionBps: number
  deliveryWindow: number
  status: number
}

interface ModelPurchase {
  listingId: bigint
  buyer: Address
  promoter: Address
  amount: bigint
  commissionBps: number
  deadline: bigint
  state: number
}

interface Deferral { account: Address, token: Address, amount: bigint }

/** A transaction of the walk: who sends (and pays the gas) and what. */
interface Transaction { payer: HDAccount, call: ContractCall }

type Outcome =
  | { error: string, args: readonly unknown[] }
  | { apply: () => Deferral[] }

const key = (account: Address, token: Address): string => `${account}/${token}`

it(`keeps every unit of money accounted for over ${steps} random steps`, async () => {
  const c = chain()
  const random = seededRandom('invariant.spec.ts')
  const world = await setUpWorld(c)
  const { eoas, sellers, operator, refuser, reentrant, burner, blocker, tokens } = world
  const contracts = [refuser, reentrant, burner]
  const accounts: Address[] = [...eoas.map((account) => account.address), ...contracts]
  const buyers: Address[] = [eoas[3]!.address, eoas[7]!.address, eoas[8]!.address]
  const payees: Address[] = [eoas[1]!.address, eoas[6]!.address]
  const promoters: Address[] = [zeroAddress, eoas[2]!.address, eoas[9]!.address]

  // ---------------------------------------------------------------- the model
  const listings: ModelListing[] = []
  const purchases: ModelPurchase[] = []
  const balances = new Map<string, bigint>()
  const credits = new Map<string, bigint>()
  const licenses = new Set<string>()
  let refuserAccepting = false
  const blocked = new Set<Address>(world.blocked)
  let returnFalse = false
  const paidIn = new Map<Address, bigint>(tokens.map((token) => [token, 0n]))
  const paidOut = new Map<Address, bigint>(tokens.map((token) => [token, 0n]))

  for (const account of [...accounts, c.shop]) {
    for (const token of tokens) balances.set(key(account, token), await balanceOf(c, account, token))
  }
  const add = (map: Map<string, bigint>, account: Address, token: Address, amount: bigint): void => {
    map.set(key(account, token), (map.get(key(account, token)) ?? 0n) + amount)
  }
  /** Whether a payment of `token` to `account` goes through (else it is credited). */
  const accepts = (account: Address, token: Address): boolean => {
    if (token === ETH) return account === burner ? false : account === refuser ? refuserAccepting : true
    if (token === blocker) return !blocked.has(account)
    return true
  }
  /** `_push`: pays or credits, and reports a credit as the PaymentDeferred it must log. */
  const push = (account: Address, token: Address, amount: bigint, deferrals: Deferral[]): void => {
    if (amount === 0n) return
    if (accepts(account, token)) {
      add(balances, account, token, amount)
      add(balances, c.shop, token, -amount)
    } else {
      add(credits, account, token, amount)
      deferrals.push({ account, token, amount })
    }
  }
  const isContract = (account: Address): boolean => contracts.includes(account)
  const eoaOf = (account: Address): HDAccount => eoas.find((eoa) => eoa.address === account)!

  // ---------------------------------------------------------------- one step
  let timestamp = (await c.publicClient.getBlock()).timestamp + 1n
  const history: string[] = []
  let deferred = 0
  const refusals = new Map<string, number>()
  const context = (): string => `seed ${random.seed}, steps so far:\n  ${history.slice(-8).join('\n  ')}`

  /**
   * Sends one transaction at `timestamp` and checks it against the model's outcome. A call the
   * model refuses must revert with the expected error: mostly seen at the gas estimate (nothing
   * is mined), now and then mined with a fixed gas limit, where the only change it may leave is
   * the gas its sender paid.
   */
  async function attempt (label: string, { payer, call }: Transaction, outcome: Outcome): Promise<void> {
    const mineIt = 'error' in outcome && random.chance(0.25)
    history.push(`${history.length}: ${label} @${timestamp} → ${'error' in outcome ? `${outcome.error}${mineIt ? ' (mined)' : ''}` : 'ok'}`)
    await atTimestamp(c, timestamp)
    if ('error' in outcome) {
      refusals.set(outcome.error, (refusals.get(outcome.error) ?? 0) + 1)
      if (mineIt) {
        const [transaction] = await inOneBlock(c, timestamp, [{ from: payer, call }])
        timestamp++
        assert.equal(transaction!.receipt.status, 'reverted', context())
        assert.deepEqual(transaction!.error, { errorName: outcome.error, args: outcome.args }, context())
        add(balances, payer.address, ETH, -gasCost(transaction!.receipt))
        return
      }
      // viem reports no args (not an empty list) for an error without parameters.
      await expectRevert(c.send(payer, call), outcome.error, outcome.args.length === 0 ? undefined : outcome.args).catch((error: Error) => {
        throw new Error(`${error.message}\n${context()}`)
      })
      return
    }
    const receipt = await c.send(payer, call)
    timestamp++
    assert.equal((await c.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp, timestamp - 1n, context())
    add(balances, payer.address, ETH, -gasCost(receipt))
    const deferrals = outcome.apply()
    deferred += deferrals.length
    assert.deepEqual(shopEvents(receipt, 'PaymentDeferred').map((event) => event.args), deferrals, `PaymentDeferred events\n${context()}`)
    countFlows(receipt)
  }

  /** Paid in and paid out, as the shop's own events tell it. */
  function countFlows (receipt: TransactionReceipt): void {
    const tokenOfPurchase = (purchaseId: bigint): Address => listings[Number(purchases[Number(purchaseId) - 1]!.listingId) - 1]!.token
    const bump = (map: Map<Address, bigint>, token: Address, amount: bigint): void => { map.set(token, map.get(token)! + amount) }
    for (const event of parseEventLogs({ abi: fileShopAbi, logs: receipt.logs.filter((log) => getAddress(log.address) === c.shop) })) {
      if (event.eventName === 'Purchased') bump(paidIn, tokenOfPurchase(event.args.purchaseId), event.args.amount)
      if (event.eventName === 'Delivered') bump(paidOut, tokenOfPurchase(event.args.purchaseId), event.args.payeeAmount + event.args.promoterAmount)
      if (event.eventName === 'Refunded') bump(paidOut, tokenOfPurchase(event.args.purchaseId), event.args.amount)
      if (event.eventName === 'Withdrawn') bump(paidOut, event.args.token, event.args.amount)
      if (event.eventName === 'PaymentDeferred') bump(paidOut, event.args.token, -event.args.amount)
    }
  }

  function shopEvents (receipt: TransactionReceipt, eventName: 'PaymentDeferred') {
    return parseEventLogs({ abi: fileShopAbi, logs: receipt.logs.filter((log) => getAddress(log.address) === c.shop), eventName })
  }

  /** A FileShop call by an account, or through a contract actor (the operator sends and pays). */
  const shopTransaction = (caller: Address, functionName: string, args: readonly unknown[], value?: bigint): Transaction => {
    if (!isContract(caller)) return { payer: eoaOf(caller), call: { address: c.shop, abi: fileShopAbi as Abi, functionName, args, value } }
    const data = encodeFunctionData({ abi: fileShopAbi, functionName, args } as never)
    return { payer: operator, call: { address: caller, abi: world.actorAbi, functionName: 'execute', args: [c.shop, data], value } }
  }

  /** Mostly a listing `wanted` accepts, now and then any listing, rarely one that does not exist. */
  const pickListingId = (wanted: (listing: ModelListing) => boolean = () => true): bigint => {
    const fitting = listings.flatMap((listing, index) => wanted(listing) ? [BigInt(index + 1)] : [])
    if (fitting.length > 0 && random.chance(0.7)) return random.pick(fitting)
    return random.chance(0.1) ? BigInt(listings.length + 1) : BigInt(random.int(1, listings.length))
  }
  /** Mostly a purchase `wanted` accepts, else any, rarely one that does not exist. */
  const pickPurchaseId = (wanted: (purchase: ModelPurchase) => boolean): bigint => {
    const fitting = purchases.flatMap((purchase, index) => wanted(purchase) ? [BigInt(index + 1)] : [])
    if (fitting.length > 0 && random.chance(0.8)) return random.pick(fitting)
    return random.chance(0.1) ? BigInt(purchases.length + 1) : BigInt(random.int(1, purchases.length))
  }
  /** Hostile contracts half the time, so deferred payments are common. */
  const pickParty = (plain: readonly Address[]): Address => random.chance(0.5) ? random.pick(contracts) : random.pick(plain)
  const someoneElse = (account: HDAccount): HDAccount => random.pick(eoas.filter((eoa) => eoa !== account))

  // ---------------------------------------------------------------- the actions
  async function createListing (token: Address = random.pick([ETH, ETH, ...tokens]), payee: Address = pickParty(payees)): Promise<void> {
    const seller = random.pick(sellers)
    const listing: ModelListing = {
      seller,
      payee,
      token,
      price: 0n,
      commissionBps: random.chance(0.3) ? random.pick([0, 1, 9999, 10_000]) : random.int(0, 10_000),
      deliveryWindow: random.pick([60, 600, 3600, 3600, 86_400]),
      status: Active
    }
    listing.price = random.magnitude(listing.token === ETH ? 56 : 32)
    let cid = `bafy-${listings.length}`
    let commitment: Hex = keccak256(toHex(`key ${listings.length}`))
    let outcome: Outcome = {
      apply: () => { listings.push(listing); return [] }
    }
    if (random.chance(0.1)) {
      const flaw = random.pick(['payee', 'price', 'commission', 'window', 'cid', 'commitment'] as const)
      if (flaw === 'payee') { listing.payee = zeroAddress; outcome = { error: 'FileShopInvalidPayee', args: [] } }
      if (flaw === 'price') { listing.price = 0n; outcome = { error: 'FileShopInvalidPrice', args: [] } }
      if (flaw === 'commission') { listing.commissionBps = random.int(10_001, 65_535); outcome = { error: 'FileShopInvalidCommission', args: [listing.commissionBps] } }
      if (flaw === 'window') { listing.deliveryWindow = random.pick([0, 59, 30 * 86_400 + 1]); outcome = { error: 'FileShopInvalidDeliveryWindow', args: [listing.deliveryWindow] } }
      if (flaw === 'cid') { cid = random.pick(['', 'c'.repeat(129)]); outcome = { error: 'FileShopInvalidCid', args: [] } }
      if (flaw === 'commitment') { commitment = zeroHash; outcome = { error: 'FileShopInvalidKeyCommitment', args: [] } }
    }
    const args = [listing.payee, listing.token, listing.price, listing.commissionBps, listing.deliveryWindow, cid, commitment]
    await attempt(`createListing by ${seller.address} in ${listing.token}: ${listing.price} at ${listing.commissionBps} bps`, shopTransaction(seller.address, 'createListing', args), outcome)
  }

  async function buy (): Promise<void> {
    const listingId = pickListingId((listing) => listing.status === Active)
    const listing = listings[Number(listingId) - 1]
    const buyer = pickParty(buyers)
    const promoter = pickParty(promoters)
    const buyerKey = random.chance(0.03) ? zeroHash : publicKey()
    const rightValue = listing === undefined || listing.token !== ETH ? 0n : listing.price
    // Now and then a wrong amount: one wei off, nothing, double; any ETH at all for a token listing.
    const paid = !random.chance(0.05) ? rightValue : rightValue === 0n ? random.magnitude(20) : random.pick([rightValue - 1n, rightValue + 1n, 0n, 2n * rightValue])
    const transaction = shopTransaction(buyer, 'buy', [listingId, promoter, buyerKey], paid)
    let outcome: Outcome
    if (listing === undefined) outcome = { error: 'FileShopUnknownListing', args: [listingId] }
    else if (listing.status !== Active) outcome = { error: 'FileShopListingNotActive', args: [listingId, listing.status] }
    else if (buyerKey === zeroHash) outcome = { error: 'FileShopInvalidPublicKey', args: [] }
    else if (paid !== rightValue) outcome = { error: 'FileShopWrongPayment', args: [rightValue, paid] }
    else {
      outcome = {
        apply: () => {
          purchases.push({ listingId, buyer, promoter, amount: listing.price, commissionBps: listing.commissionBps, deadline: timestamp - 1n + BigInt(listing.deliveryWindow), state: Pending })
          // ETH comes from whoever sends the transaction; tokens from the buyer's own balance.
          add(balances, listing.token === ETH ? transaction.payer.address : buyer, listing.token, -listing.price)
          add(balances, c.shop, listing.token, listing.price)
          return []
        }
      }
    }
    await attempt(`buy ${listingId} by ${buyer} via ${promoter} paying ${paid}`, transaction, outcome)
  }

  async function deliver (chosen?: bigint): Promise<void> {
    const purchaseId = chosen ?? pickPurchaseId((purchase) => purchase.state === Pending && purchase.deadline >= timestamp)
    const purchase = purchases[Number(purchaseId) - 1]
    const listing = purchase === undefined ? undefined : listings[Number(purchase.listingId) - 1]!
    const from = listing === undefined || random.chance(0.05) ? random.pick(eoas) : listing.seller
    const length = random.chance(0.03) ? random.pick([0, 79, 81]) : 80
    let outcome: Outcome
    if (purchase === undefined || listing === undefined) outcome = { error: 'FileShopUnknownPurchase', args: [purchaseId] }
    else if (from !== listing.seller) outcome = { error: 'FileShopNotSeller', args: [purchase.listingId, from.address] }
    else if (purchase.state !== Pending) outcome = { error: 'FileShopNotPending', args: [purchaseId, purchase.state] }
    else if (timestamp >= purchase.deadline) outcome = { error: 'FileShopDeadlinePassed', args: [purchaseId, purchase.deadline] }
    else if (length !== 80) outcome = { error: 'FileShopInvalidSealedKey', args: [BigInt(length)] }
    else {
      outcome = {
        apply: () => {
          purchase.state = Delivered
          licenses.add(key(purchase.buyer, toHex(purchase.listingId)))
          const promoterAmount = purchase.promoter === zeroAddress ? 0n : purchase.amount * BigInt(purchase.commissionBps) / 10_000n
          const deferrals: Deferral[] = []
          push(listing.payee, listing.token, purchase.amount - promoterAmount, deferrals)
          push(purchase.promoter, listing.token, promoterAmount, deferrals)
          return deferrals
        }
      }
    }
    await attempt(`deliver ${purchaseId} by ${from.address}`, shopTransaction(from.address, 'deliver', [purchaseId, sealedKey(length)]), outcome)
  }

  async function refund (chosen?: bigint): Promise<void> {
    const purchaseId = chosen ?? pickPurchaseId((purchase) => purchase.state === Pending && purchase.deadline <= timestamp + 1n)
    const purchase = purchases[Number(purchaseId) - 1]
    const from = random.pick(eoas)
    let outcome: Outcome
    if (purchase === undefined) outcome = { error: 'FileShopUnknownPurchase', args: [purchaseId] }
    else if (purchase.state !== Pending) outcome = { error: 'FileShopNotPending', args: [purchaseId, purchase.state] }
    else if (timestamp < purchase.deadline) outcome = { error: 'FileShopDeadlineNotReached', args: [purchaseId, purchase.deadline] }
    else {
      outcome = {
        apply: () => {
          purchase.state = Refunded
          const deferrals: Deferral[] = []
          push(purchase.buyer, listings[Number(purchase.listingId) - 1]!.token, purchase.amount, deferrals)
          return deferrals
        }
      }
    }
    await attempt(`refund ${purchaseId} by ${from.address}`, shopTransaction(from.address, 'refund', [purchaseId]), outcome)
  }

  async function withdraw (): Promise<void> {
    // Mostly someone who is owed and can now be paid; sometimes someone who still cannot
    // (each such try by the gas burner burns a whole block of gas in the estimate), or anyone.
    const owing = [...credits.entries()].filter(([, amount]) => amount > 0n).map(([entry]) => entry.split('/') as [Address, Address])
    const payable = owing.filter(([account, token]) => accepts(account, token))
    const roll = random.int(1, 100)
    const [account, token] = payable.length > 0 && roll <= 60
      ? random.pick(payable)
      : owing.length > 0 && roll <= 80 ? random.pick(owing) : [random.pick(accounts), random.pick(tokens)]
    const amount = credits.get(key(account, token)) ?? 0n
    const transaction = shopTransaction(account, 'withdraw', [token])
    let outcome: Outcome
    if (amount === 0n) outcome = { error: 'FileShopNothingOwed', args: [account, token] }
    else if (!accepts(account, token)) outcome = { error: 'FileShopTokenTransferFailed', args: [token] }
    else {
      outcome = {
        apply: () => {
          credits.set(key(account, token), 0n)
          add(balances, account, token, amount)
          add(balances, c.shop, token, -amount)
          return []
        }
      }
    }
    await attempt(`withdraw ${amount} of ${token} by ${account}`, transaction, outcome)
  }

  async function manage (): Promise<void> {
    const listingId = pickListingId((listing) => listing.status !== Delisted)
    const listing = listings[Number(listingId) - 1]
    const from = listing === undefined ? random.pick(sellers) : random.chance(0.1) ? someoneElse(listing.seller) : listing.seller
    const action = random.pick(['setPrice', 'setPrice', 'setCommission', 'pause', 'pause', 'resume', 'resume', 'delist'] as const)
    const price = random.chance(0.1) ? 0n : random.magnitude(listing?.token === ETH ? 56 : 32)
    const commission = random.chance(0.1) ? random.int(10_001, 65_535) : random.int(0, 10_000)
    const [functionName, args]: [string, readonly unknown[]] = action === 'setPrice'
      ? ['setPrice', [listingId, price]]
      : action === 'setCommission'
        ? ['setCommission', [listingId, commission]]
        : action === 'delist' ? ['delist', [listingId]] : ['setPaused', [listingId, action === 'pause']]
    let outcome: Outcome
    if (listing === undefined) outcome = { error: 'FileShopUnknownListing', args: [listingId] }
    else if (from !== listing.seller) outcome = { error: 'FileShopNotSeller', args: [listingId, from.address] }
    else if (listing.status === Delisted) outcome = { error: 'FileShopListingNotActive', args: [listingId, Delisted] }
    else if (action === 'setPrice' && price === 0n) outcome = { error: 'FileShopInvalidPrice', args: [] }
    else if (action === 'setCommission' && commission > 10_000) outcome = { error: 'FileShopInvalidCommission', args: [commission] }
    else {
      outcome = {
        apply: () => {
          if (action === 'setPrice') listing.price = price
          if (action === 'setCommission') listing.commissionBps = commission
          if (action === 'pause') listing.status = Paused
          if (action === 'resume') listing.status = Active
          if (action === 'delist') listing.status = Delisted
          return []
        }
      }
    }
    await attempt(`${action} ${listingId} by ${from.address} (${String(args.at(-1))})`, shopTransaction(from.address, functionName, args), outcome)
  }

  /** Changes how the hostile parties behave: the refuser starts or stops accepting, the token blocks someone. */
  async function environment (): Promise<void> {
    const choice = random.pick(['refuser', 'block', 'block', 'returnFalse'] as const)
    const apply = (change: () => void): Outcome => ({ apply: () => { change(); return [] } })
    if (choice === 'refuser') {
      const accepting = !refuserAccepting
      await attempt(`refuser accepts: ${accepting}`, { payer: operator, call: { address: refuser, abi: world.refuserAbi, functionName: 'setAccepting', args: [accepting] } }, apply(() => { refuserAccepting = accepting }))
    } else if (choice === 'block') {
      const account = random.pick(accounts)
      const block = !blocked.has(account)
      await attempt(`blocker blocks ${account}: ${block}`, { payer: operator, call: { address: blocker, abi: world.blockerAbi, functionName: 'setBlocked', args: [account, block] } }, apply(() => { if (block) blocked.add(account); else blocked.delete(account) }))
    } else {
      const value = !returnFalse
      await attempt(`blocker returns false: ${value}`, { payer: operator, call: { address: blocker, abi: world.blockerAbi, functionName: 'setReturnFalse', args: [value] } }, apply(() => { returnFalse = value }))
    }
  }

  /**
   * Moves the clock: a little, a lot, or onto a pending purchase's deadline (or the second
   * before), where its seller's delivery and anyone's refund are then tried.
   */
  async function travel (): Promise<void> {
    const pending = purchases.flatMap((purchase, index) => purchase.state === Pending && purchase.deadline > timestamp ? [BigInt(index + 1)] : [])
    if (pending.length > 0 && random.chance(0.6)) {
      const purchaseId = random.pick(pending)
      const target = purchases[Number(purchaseId) - 1]!.deadline - random.pick([0n, 1n])
      history.push(`${history.length}: time ${timestamp} → ${target}`)
      timestamp = target > timestamp ? target : timestamp
      await (random.chance(0.5) ? deliver(purchaseId) : refund(purchaseId))
      return
    }
    const target = timestamp + BigInt(random.pick([1, 30, 59, 61, 600]))
    history.push(`${history.length}: time ${timestamp} → ${target}`)
    timestamp = target
  }

  // ---------------------------------------------------------------- the checks
  // The same balances and credits are read after every step: their calls are encoded once.
  const tokenAbi = parseAbi(['function balanceOf(address) view returns (uint256)'])
  const balanceReads = [...accounts, c.shop].flatMap((account) => tokens.map((token) => [key(account, token),
    token === ETH ? { balanceOf: account } : { to: token, data: encodeFunctionData({ abi: tokenAbi, functionName: 'balanceOf', args: [account] }) }] as const))
  const creditReads = accounts.flatMap((account) => tokens.map((token) => [key(account, token),
    { to: c.shop, data: encodeFunctionData({ abi: fileShopAbi, functionName: 'owed', args: [account, token] }) }] as const))

  /** Compares everything the shop stores, and every balance and credit, with the model. */
  async function check (): Promise<void> {
    const listingIds = listings.map((_, index) => BigInt(index + 1))
    const purchaseIds = purchases.map((_, index) => BigInt(index + 1))
    const shopRead = (functionName: string, args: readonly unknown[] = []): Read =>
      ({ to: c.shop, data: encodeFunctionData({ abi: fileShopAbi, functionName, args } as never) })
    const results = await readAll(c, [
      ...balanceReads.map(([, read]) => read),
      ...creditReads.map(([, read]) => read),
      ...listingIds.map((id) => shopRead('getListing', [id])),
      ...purchaseIds.map((id) => shopRead('getPurchase', [id])),
      ...purchaseIds.map((id) => shopRead('hasLicense', [purchases[Number(id) - 1]!.buyer, purchases[Number(id) - 1]!.listingId])),
      shopRead('listingCount'),
      shopRead('purchaseCount')
    ])
    let next = 0
    const take = (count: number): Hex[] => results.slice(next, next += count)
    const chainBalances = take(balanceReads.length).map((result, index) => [balanceReads[index]![0], BigInt(result)] as const)
    const chainCredits = take(creditReads.length).map((result, index) => [creditReads[index]![0], BigInt(result)] as const)
    const chainListings = take(listingIds.length).map((data) => decodeFunctionResult({ abi: fileShopAbi, functionName: 'getListing', data }))
    const chainPurchases = take(purchaseIds.length).map((data) => decodeFunctionResult({ abi: fileShopAbi, functionName: 'getPurchase', data }))
    const chainLicenses = take(purchaseIds.length).map((data) => BigInt(data) === 1n)
    const [listingCount, purchaseCount] = take(2).map((data) => BigInt(data))
    const message = (what: string): string => `${what}\n${context()}`
    for (const [entry, balance] of chainBalances) assert.equal(balance, balances.get(entry), message(`balance ${entry}`))
    for (const [entry, credit] of chainCredits) assert.equal(credit, credits.get(entry) ?? 0n, message(`owed ${entry}`))
    assert.equal(listingCount, BigInt(listings.length), message('listingCount'))
    assert.equal(purchaseCount, BigInt(purchases.length), message('purchaseCount'))
    for (const [position, id] of listingIds.entries()) {
      const listing = listings[Number(id) - 1]!
      const { seller, payee, token, price, commissionBps, deliveryWindow, status } = chainListings[position]!
      assert.deepEqual({ seller, payee, token, price, commissionBps, deliveryWindow, status }, { ...listing, seller: listing.seller.address }, message(`listing ${id}`))
    }
    for (const [position, id] of purchaseIds.entries()) {
      const purchase = purchases[Number(id) - 1]!
      const onChain = chainPurchases[position]!
      const listing = listings[Number(purchase.listingId) - 1]!
      assert.deepEqual(
        { listingId: onChain.listingId, buyer: onChain.buyer, promoter: onChain.promoter, payee: onChain.payee, token: onChain.token, amount: onChain.amount, commissionBps: onChain.commissionBps, deadline: onChain.deadline, state: onChain.state },
        { ...purchase, payee: listing.payee, token: listing.token },
        message(`purchase ${id}`))
      assert.equal(chainLicenses[position], licenses.has(key(purchase.buyer, toHex(purchase.listingId))), message(`license of purchase ${id}`))
    }

    // The invariants, from the chain alone (the model is not consulted).
    for (const token of tokens) {
      const shopBalance = chainBalances.find(([entry]) => entry === key(c.shop, token))![1]
      const escrowed = chainPurchases.filter((purchase) => purchase.state === Pending && purchase.token === token).reduce((sum, purchase) => sum + purchase.amount, 0n)
      const owedInToken = chainCredits.filter(([entry]) => entry.endsWith(`/${token}`)).reduce((sum, [, amount]) => sum + amount, 0n)
      assert.equal(shopBalance, escrowed + owedInToken, message(`${token}: balance == escrowed + owed`))
      assert.equal(paidIn.get(token), paidOut.get(token)! + shopBalance, message(`${token}: paid in == paid out + balance`))
    }
  }

  // ---------------------------------------------------------------- the walk
  const actions: Array<[weight: number, name: string, run: () => Promise<void>]> = [
    [8, 'createListing', async () => await createListing()], [28, 'buy', buy], [22, 'deliver', async () => await deliver()], [12, 'refund', async () => await refund()],
    [9, 'travel', travel], [10, 'withdraw', withdraw], [12, 'manage', manage], [4, 'environment', environment]
  ]
  const total = actions.reduce((sum, [weight]) => sum + weight, 0)
  const counts = new Map<string, number>()
  await check()
  for (let step = 0; step < steps; step++) {
    let roll = random.int(1, total)
    let [, name, run] = actions[0]!
    for (const [weight, candidateName, candidate] of actions) {
      if ((roll -= weight) <= 0) { [name, run] = [candidateName, candidate]; break }
    }
    // The walk opens with two listings in every currency, so each seed sees all three, and
    // the first ETH listing pays the gas burner, so each seed sees payments deferred.
    if (step < 2 * tokens.length) [name, run] = ['createListing', async () => await createListing(tokens[step % tokens.length], step === 0 ? burner : undefined)]
    else if (purchases.length === 0 && (name === 'deliver' || name === 'refund')) [name, run] = ['buy', buy]
    counts.set(name, (counts.get(name) ?? 0) + 1)
    await run()
    await check()
  }

  // The walk must have exercised what it is about, or a lucky seed would prove nothing.
  const states = purchases.map((purchase) => purchase.state)
  console.log(`# invariant walk: ${JSON.stringify(Object.fromEntries(counts))}; purchases ${states.length} ` +
    `(pending ${states.filter((s) => s === Pending).length}, delivered ${states.filter((s) => s === Delivered).length}, refunded ${states.filter((s) => s === Refunded).length}); ` +
    `payments deferred ${deferred}; refused: ${JSON.stringify(Object.fromEntries(refusals))}`)
  if (steps >= 100) {
    assert.ok(states.includes(Delivered) && states.includes(Refunded), `no delivery or no refund (${context()})`)
    assert.ok(deferred > 0, `no payment was deferred (${context()})`)
  }
})

interface World {
  eoas: HDAccount[]
  sellers: HDAccount[]
  /** Sends the hostile contracts' transactions and the environment changes. */
  operator: HDAccount
  refuser: Address
  refuserAbi: Abi
  reentrant: Address
  burner: Address
  blocker: Address
  blockerAbi: Abi
  /** Accounts the blocking token refuses to pay from the start. */
  blocked: Address[]
  /** TestActor's `execute`, with FileShop's errors so the reverts it bubbles up decode. */
  actorAbi: Abi
  tokens: Address[]
}

/** The hostile contracts and the blocking token, funded and approved like everyone else. */
async function setUpWorld (c: TestChain): Promise<World> {
  const eoas = c.accounts
  const operator = c.stranger
  const refuser = await c.deploy('RevertingReceiver')
  const reentrant = await c.deploy('ReentrantReceiver')
  const burner = await c.deploy('GasBurner')
  const blocker = await c.deploy('BlockingERC20')
  const [refuserAbi, reentrantAbi, blockerAbi, tokenAbi] = await Promise.all(['RevertingReceiver', 'ReentrantReceiver', 'BlockingERC20', 'MockERC20'].map(async (name) => await c.abiOf(name)))
  const approve = encodeFunctionData({ abi: tokenAbi!, functionName: 'approve', args: [c.shop, maxUint256] })
  for (const account of eoas) {
    await c.send(operator, { address: blocker, abi: blockerAbi!, functionName: 'mint', args: [account.address, 10n ** 15n] })
    await c.send(account, { address: blocker, abi: blockerAbi!, functionName: 'approve', args: [c.shop, maxUint256] })
  }
  for (const actor of [refuser, reentrant, burner]) {
    for (const token of [c.usdc, blocker]) {
      await c.send(operator, { address: token, abi: tokenAbi!, functionName: 'mint', args: [actor, 10n ** 15n] })
      await c.send(operator, { address: actor, abi: refuserAbi!, functionName: 'execute', args: [token, approve] })
    }
  }
  // Every ETH payment to the re-entrant contract tries to refund purchase 1 from inside the
  // shop; the guard refuses, the contract ignores that and keeps the money.
  const reentry = encodeFunctionData({ abi: fileShopAbi, functionName: 'refund', args: [1n] })
  await c.send(operator, { address: reentrant, abi: reentrantAbi!, functionName: 'arm', args: [c.shop, reentry, false] })
  // One promoter starts out blocked by the blocking token.
  await c.send(operator, { address: blocker, abi: blockerAbi!, functionName: 'setBlocked', args: [eoas[9]!.address, true] })
  return {
    eoas, sellers: [eoas[0]!, eoas[5]!], operator, refuser, refuserAbi: refuserAbi!, reentrant, burner, blocker, blockerAbi: blockerAbi!,
    blocked: [eoas[9]!.address],
    actorAbi: [...await c.abiOf('TestActor'), ...(fileShopAbi as Abi).filter((item) => item.type === 'error')],
    tokens: [ETH, c.usdc, blocker]
  }
}
