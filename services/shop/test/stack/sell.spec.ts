// Selling end to end on a host stack (pc2-vault, pc2-ipfs, pc2-shop, pc2-admin from source)
// and a real local chain (anvil): the owner lists an uploaded file, a buyer pays through a
// promoter's link with `pc2 buy` and gets the original bytes, seller and promoter are paid
// in the delivery transaction; pc2-shop killed mid-delivery delivers exactly once; a node
// offline past the deadline lets the buyer refund; a reorg that swaps the buyer of a
// purchase id gets the key sealed to the buyer who stands.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import sodium from 'libsodium-wrappers'
import { keccak256, parseEther, parseEventLogs, toHex, type Address, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { anvilClients, deployFileShop, startAnvil, type Anvil } from '@pc2/contracts'
import type { OwnerListing, PromoterEarnings, PublicPurchase, SalesResponse, ShopStatus, WalletResponse } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { claimStack, ownerHeaders, startStack } from '@pc2/test-support/stack'
import type { Stack, StackOwner } from '@pc2/test-support/stack'

const run = promisify(execFile)
const cli = join(import.meta.dirname, '..', '..', '..', 'cli', 'src', 'main.ts')

describe('selling on a host stack', { timeout: 600_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-sell-'))
  const promoter = privateKeyToAccount(generatePrivateKey())
  const original = new Uint8Array(randomBytes(700 * 1024 + 3))
  const price = parseEther('0.02')
  const commissionBps = 2500
  let anvil: Anvil
  let chain: ReturnType<typeof anvilClients>
  let contract: Address
  let stack: Stack
  let owner: StackOwner
  let listing: OwnerListing

  const api = async <T>(method: string, path: string, body?: unknown, status = 200): Promise<T> => {
    const response = await fetch(`${stack.origin}${path}`, {
      method,
      headers: { ...ownerHeaders(owner, stack.origin), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    const text = await response.text()
    assert.equal(response.status, status, `${method} ${path}: ${text}`)
    return JSON.parse(text) as T
  }

  /** A buyer with 1 ETH and its key in a file, as `pc2 buy --key-file` takes it. */
  const newBuyer = async (): Promise<{ address: Address, privateKey: Hex }> => {
    const privateKey = generatePrivateKey()
    const { address } = privateKeyToAccount(privateKey)
    await chain.testClient.setBalance({ address, value: parseEther('1') })
    return { address, privateKey }
  }

  /** Pays for the listing straight from viem (not the CLI), for the tests that stop the node. */
  const payDirectly = async (buyer: { privateKey: Hex }): Promise<{ purchaseId: bigint, keyPair: { publicKey: Uint8Array, privateKey: Uint8Array } }> => {
    const keyPair = sodium.crypto_box_keypair()
    const wallet = anvilClients(anvil, privateKeyToAccount(buyer.privateKey) as never).walletClient
    const hash = await wallet.writeContract({
      address: contract, abi: fileShopAbi, functionName: 'buy', args: [BigInt(listing.listingId), promoter.address, toHex(keyPair.publicKey)], value: price
    })
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    const [purchased] = parseEventLogs({ abi: fileShopAbi, eventName: 'Purchased', logs: receipt.logs })
    assert.ok(purchased !== undefined)
    return { purchaseId: purchased.args.purchaseId, keyPair }
  }

  const deliveries = async (purchaseId: bigint) =>
    await chain.publicClient.getContractEvents({ address: contract, abi: fileShopAbi, eventName: 'Delivered', args: { purchaseId }, fromBlock: 0n })

  const waitForState = async (purchaseId: bigint, state: PublicPurchase['state'], timeoutMs = 60_000): Promise<PublicPurchase> => {
    const until = Date.now() + timeoutMs
    let last: unknown
    while (Date.now() < until) {
      const response = await fetch(`${stack.origin}/api/storefront/purchases/${purchaseId}`)
      last = response.ok ? await response.json() : await response.text()
      if (response.ok && (last as PublicPurchase).state === state) return last as PublicPurchase
      await sleep(100)
    }
    throw new Error(`purchase ${purchaseId} did not become ${state} within ${timeoutMs / 1000} s; last: ${JSON.stringify(last)}\n${stack.output('shop').slice(-3000)}`)
  }

  before(async () => {
    await sodium.ready
    anvil = await startAnvil()
    chain = anvilClients(anvil)
    contract = await deployFileShop(chain)
    stack = await startStack({ shop: { rpcUrl: anvil.rpcUrl, contract, confirmations: 0, pollInterval: 100 } })
    owner = await claimStack(stack)
    const wallet = await api<WalletResponse>('POST', '/api/shop/wallet', {}, 201)
    await chain.publicClient.waitForTransactionReceipt({ hash: await chain.walletClient.sendTransaction({ to: wallet.address, value: parseEther('5') }) })
    const path = join(directory, 'song.flac')
    writeFileSync(path, original)
    const { stdout } = await run(process.execPath, [cli, 'upload', path, '--node', stack.origin], { env: { ...process.env, PC2_OWNER_KEY: owner.privateKey } })
    const cid = new URL(stdout.trim()).pathname.split('/').pop()!
    listing = await api<OwnerListing>('POST', '/api/shop/listings', {
      cid, title: 'Song', description: 'One song', price: price.toString(), commissionBps, deliveryWindowSeconds: 600
    }, 201)
  })

  after(async () => {
    await stack?.stop()
    await anvil?.stop()
    rmSync(directory, { recursive: true, force: true })
  })

  it('lists the file on chain with a commitment to its key, paid to the owner', async () => {
    assert.equal(listing.status, 'active')
    assert.equal(listing.payee, owner.account.address)
    assert.equal(listing.price, price.toString())
    const onChain = await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'getListing', args: [BigInt(listing.listingId)] })
    assert.equal(onChain.keyCommitment, listing.keyCommitment)
    assert.equal(onChain.cid, listing.cid)
    const storefront = await (await fetch(`${stack.origin}/api/storefront/listings/${listing.listingId}`)).json() as OwnerListing
    assert.equal(storefront.title, 'Song')
    assert.equal('revenue' in storefront, false, 'the storefront shows no owner figures')
  })

  it('sells it: pc2 buy through a referral link gets the same bytes; payee and promoter are paid in the delivery transaction', async () => {
    const buyer = await newBuyer()
    const keyFile = join(directory, 'buyer.key')
    writeFileSync(keyFile, `${buyer.privateKey}\n`, { mode: 0o600 })
    const output = join(directory, 'bought.flac')
    const { stdout } = await run(process.execPath, [
      cli, 'buy', `${stack.origin}/shop/${listing.listingId}?ref=${promoter.address}`, '--rpc', anvil.rpcUrl, '--output', output, '--key-file', keyFile
    ], { timeout: 120_000 })
    assert.deepEqual(new Uint8Array(readFileSync(output)), original)
    const delivery = /delivery transaction: (0x[0-9a-f]{64})/.exec(stdout)?.[1] as Hex | undefined
    assert.ok(delivery !== undefined, stdout)
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: delivery })
    const commission = price * BigInt(commissionBps) / 10_000n
    for (const [address, expected] of [[owner.account.address, price - commission], [promoter.address, commission]] as const) {
      const before = await chain.publicClient.getBalance({ address, blockNumber: receipt.blockNumber - 1n })
      const afterDelivery = await chain.publicClient.getBalance({ address, blockNumber: receipt.blockNumber })
      assert.equal(afterDelivery - before, expected, `${address} is paid in the delivery block`)
    }
    assert.equal(await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'hasLicense', args: [buyer.address, BigInt(listing.listingId)] }), true)
  })

  it('shows the sale to the owner and the promoter\'s earnings to anyone', async () => {
    const commission = price * BigInt(commissionBps) / 10_000n
    const sales = await api<SalesResponse>('GET', '/api/shop/sales')
    assert.equal(sales.totals.delivered, 1)
    assert.equal(sales.totals.payee.ETH, (price - commission).toString())
    assert.equal(sales.totals.promoters.ETH, commission.toString())
    const earnings = await (await fetch(`${stack.origin}/api/storefront/promoters/${promoter.address}`)).json() as PromoterEarnings
    assert.equal(earnings.totals.ETH, commission.toString())
    assert.equal(earnings.sales.length, 1)
    const status = await api<ShopStatus>('GET', '/api/shop/status')
    assert.equal(status.lastError, null, JSON.stringify(status))
    assert.ok(status.cursor !== null && status.head !== null && status.cursor <= status.head)
  })

  for (const step of ['outbox-persisted', 'broadcast'] as const) {
    it(`delivers exactly once when pc2-shop is killed right after the deliver transaction is ${step === 'broadcast' ? 'broadcast' : 'signed and saved'}`, async () => {
      await stack.restart('shop', { PC2_SHOP_TEST_CRASH_AFTER: step })
      const { purchaseId, keyPair } = await payDirectly(await newBuyer())
      await stack.exited('shop')
      assert.match(stack.output('shop'), /test crash/)
      await stack.restart('shop')
      const delivered = await waitForState(purchaseId, 'delivered')
      const logs = await deliveries(purchaseId)
      assert.equal(logs.length, 1, 'one Delivered event')
      const opened = sodium.crypto_box_seal_open(Buffer.from(delivered.sealedKey!.slice(2), 'hex'), keyPair.publicKey, keyPair.privateKey)
      assert.equal(keccak256(opened), listing.keyCommitment)
      // Give the watcher a few more polls: nothing else may be sent for this purchase.
      await sleep(1000)
      assert.equal((await deliveries(purchaseId)).length, 1)
    })
  }

  it('lets the buyer refund with pc2 refund when the node was offline past the deadline', async () => {
    await stack.kill('shop', 'SIGTERM')
    const buyer = await newBuyer()
    const { purchaseId } = await payDirectly(buyer)
    await chain.testClient.increaseTime({ seconds: 601 })
    await chain.testClient.mine({ blocks: 1 })
    const before = await chain.publicClient.getBalance({ address: buyer.address })
    await run(process.execPath, [cli, 'refund', purchaseId.toString(), '--rpc', anvil.rpcUrl, '--contract', contract], {
      env: { ...process.env, PC2_BUYER_KEY: buyer.privateKey }, timeout: 60_000
    })
    const refunded = await chain.publicClient.getBalance({ address: buyer.address })
    assert.ok(refunded - before > price - parseEther('0.001'), 'the price came back, less the refund\'s gas')
    await stack.restart('shop')
    await waitForState(purchaseId, 'refunded')
    assert.equal((await deliveries(purchaseId)).length, 0)
  })

  it('after a reorg puts another buyer under the same purchase id, seals the key to that buyer', async () => {
    const snapshot = await chain.testClient.snapshot()
    const first = await payDirectly(await newBuyer())
    await waitForState(first.purchaseId, 'delivered')
    // The purchase and its delivery vanish; another buyer's purchase takes the id, deeper.
    await chain.testClient.revert({ id: snapshot })
    await chain.testClient.mine({ blocks: 3 })
    const second = await payDirectly(await newBuyer())
    assert.equal(second.purchaseId, first.purchaseId)
    // Until the node sees the reorg its record still shows the first delivery; then it
    // forgets it, finds the second purchase and delivers again.
    const until = Date.now() + 60_000
    let logs = await deliveries(second.purchaseId)
    while (logs.length === 0 && Date.now() < until) {
      await sleep(100)
      logs = await deliveries(second.purchaseId)
    }
    assert.equal(logs.length, 1, stack.output('shop').slice(-3000))
    assert.match(stack.output('shop'), /the chain reorganised/)
    let delivered = await waitForState(second.purchaseId, 'delivered')
    while (delivered.deliveryTransaction !== logs[0]!.transactionHash && Date.now() < until) {
      await sleep(100)
      delivered = await waitForState(second.purchaseId, 'delivered')
    }
    const opened = sodium.crypto_box_seal_open(Buffer.from(logs[0]!.args.sealedKey!.slice(2), 'hex'), second.keyPair.publicKey, second.keyPair.privateKey)
    assert.equal(keccak256(opened), listing.keyCommitment)
    assert.equal(delivered.sealedKey, logs[0]!.args.sealedKey)
  })

  it('changes price and commission, pauses, and delists on chain', async () => {
    const updated = await api<OwnerListing>('PATCH', `/api/shop/listings/${listing.listingId}`, { price: parseEther('0.03').toString(), commissionBps: 500, paused: true })
    assert.equal(updated.status, 'paused')
    const onChain = await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'getListing', args: [BigInt(listing.listingId)] })
    assert.equal(onChain.price, parseEther('0.03'))
    assert.equal(onChain.commissionBps, 500)
    const refused = await fetch(`${stack.origin}/api/shop/listings/${listing.listingId}`, {
      method: 'PATCH', headers: { ...ownerHeaders(owner, stack.origin), 'content-type': 'application/json' }, body: JSON.stringify({ commissionBps: 10_001 })
    })
    assert.equal(refused.status, 400)
    assert.equal(((await refused.json()) as { error: { name: string } }).error.name, 'InvalidInputError')
    const delisted = await api<OwnerListing>('DELETE', `/api/shop/listings/${listing.listingId}`)
    assert.equal(delisted.status, 'delisted')
  })
})
