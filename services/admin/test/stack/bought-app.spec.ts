// Installing an app bought from another node's FileShop, on two host stacks (pc2-vault,
// pc2-ipfs, pc2-shop, pc2-apps, pc2-admin from source each) and a real local chain (anvil): the
// seller's node lists the checksum job, built from source, uploaded encrypted; the buyer's
// node knows the seller only as a libp2p peer, as mDNS would find it on a LAN. The buyer's
// install naming the listing is refused until the buyer's account holds its license token,
// and refused for a CID or a key the listing does not sell; once bought on chain and
// delivered by the seller's node (the key sealed to the buyer), the buyer's node fetches the
// package from the seller's node, installs and runs it.
import assert from 'node:assert/strict'
import { execFile, execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import sodium from 'libsodium-wrappers'
import { parseEther, parseEventLogs, toHex, type Address } from 'viem'
import { anvilClients, deployFileShop, startAnvil, type Anvil } from '@pc2/contracts'
import type { AppJobResult, AppView, OwnerListing, PublicPurchase, WalletResponse } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { claimStack, ownerHeaders, startStack } from '@pc2/test-support/stack'
import type { Stack, StackOwner } from '@pc2/test-support/stack'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..', '..', '..', '..')

describe('installing an app bought from another node', { timeout: 600_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-bought-app-'))
  const price = parseEther('0.01')
  let anvil: Anvil
  let chain: ReturnType<typeof anvilClients>
  let contract: Address
  let seller: Stack
  let sellerOwner: StackOwner
  let buyer: Stack
  let buyerOwner: StackOwner
  let listing: OwnerListing
  let cid: string
  let sellerKey: string

  const api = async <T>(stack: Stack, owner: StackOwner, method: string, path: string, body?: unknown): Promise<{ status: number, body: T }> => {
    const response = await fetch(`${stack.origin}${path}`, {
      method,
      headers: { ...ownerHeaders(owner, stack.origin), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return { status: response.status, body: await response.json() as T }
  }
  const atBuyer = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number, body: T }> => await api<T>(buyer, buyerOwner, method, path, body)
  type Failure = { error: { name: string, message: string, details?: { field?: string } } }

  before(async () => {
    await sodium.ready
    execFileSync('bash', [join(root, 'apps', 'build'), 'checksum'], { env: { ...process.env, PC2_OUT: directory }, stdio: ['ignore', 'ignore', 'inherit'] })
    anvil = await startAnvil()
    chain = anvilClients(anvil)
    contract = await deployFileShop(chain)
    const shop = { rpcUrl: anvil.rpcUrl, contract, confirmations: 0, pollInterval: 100 }
    seller = await startStack({ shop })
    sellerOwner = await claimStack(seller)
    const wallet = await api<WalletResponse>(seller, sellerOwner, 'POST', '/api/shop/wallet', {})
    assert.equal(wallet.status, 201, JSON.stringify(wallet.body))
    await chain.publicClient.waitForTransactionReceipt({ hash: await chain.walletClient.sendTransaction({ to: wallet.body.address, value: parseEther('5') }) })
    const { stdout } = await run(process.execPath, [join(root, 'services', 'cli', 'src', 'main.ts'), 'upload', join(directory, 'apps', 'checksum.wasm'), '--node', seller.origin], {
      env: { ...process.env, PC2_OWNER_KEY: sellerOwner.privateKey }
    })
    const link = new URL(stdout.trim())
    cid = link.pathname.split('/').pop()!
    sellerKey = link.hash.replace(/^#k=/, '')
    const listed = await api<OwnerListing>(seller, sellerOwner, 'POST', '/api/shop/listings', { cid, title: 'checksum', description: 'SHA-256 checks', price: price.toString(), commissionBps: 0, deliveryWindowSeconds: 600 })
    assert.equal(listed.status, 201, JSON.stringify(listed.body))
    listing = listed.body

    const peers = await api<{ self: { addresses: string[] } }>(seller, sellerOwner, 'GET', '/api/peers')
    assert.ok(peers.body.self.addresses.length > 0, JSON.stringify(peers.body))
    buyer = await startStack({ shop, peers: peers.body.self.addresses })
    buyerOwner = await claimStack(buyer)
  })

  after(async () => {
    await buyer?.stop()
    await seller?.stop()
    await anvil?.stop()
    rmSync(directory, { recursive: true, force: true })
  })

  it('refuses the install while the buyer holds no license, and installs nothing', async () => {
    const refused = await atBuyer<Failure>('POST', '/api/apps', { cid, key: sellerKey, listingId: listing.listingId })
    assert.equal(refused.status, 402, JSON.stringify(refused.body))
    assert.equal(refused.body.error.name, 'NoLicenseError')
    assert.match(refused.body.error.message, new RegExp(`${buyerOwner.account.address} holds no license for listing ${listing.listingId}`))
    assert.deepEqual((await atBuyer<{ apps: AppView[] }>('GET', '/api/apps')).body.apps, [])
  })

  it('names a listing number that is not one, or not on the contract', async () => {
    const bad = await atBuyer<Failure>('POST', '/api/apps', { cid, key: sellerKey, listingId: '0' })
    assert.deepEqual([bad.status, bad.body.error.details?.field], [400, 'listingId'])
    const missing = await atBuyer<Failure>('POST', '/api/apps', { cid, key: sellerKey, listingId: '999' })
    assert.deepEqual([missing.status, missing.body.error.name], [404, 'ListingNotFoundError'])
    assert.match(missing.body.error.message, /listing 999 does not exist/)
  })

  it('installs and runs it once bought: the key delivered by the seller, the package fetched from the seller\'s node', async () => {
    const keyPair = sodium.crypto_box_keypair()
    await chain.testClient.setBalance({ address: buyerOwner.account.address, value: parseEther('1') })
    const wallet = anvilClients(anvil, buyerOwner.account as never).walletClient
    const hash = await wallet.writeContract({ address: contract, abi: fileShopAbi, functionName: 'buy', args: [BigInt(listing.listingId), buyerOwner.account.address, toHex(keyPair.publicKey)], value: price })
    const [purchased] = parseEventLogs({ abi: fileShopAbi, eventName: 'Purchased', logs: (await chain.publicClient.waitForTransactionReceipt({ hash })).logs })
    assert.ok(purchased !== undefined)
    const until = Date.now() + 60_000
    let delivered: PublicPurchase | undefined
    while (delivered?.state !== 'delivered' && Date.now() < until) {
      await sleep(100)
      const response = await fetch(`${seller.origin}/api/storefront/purchases/${purchased.args.purchaseId}`)
      if (response.ok) delivered = await response.json() as PublicPurchase
    }
    assert.equal(delivered?.state, 'delivered', seller.output('shop').slice(-3000))
    const key = Buffer.from(sodium.crypto_box_seal_open(Buffer.from(delivered.sealedKey!.slice(2), 'hex'), keyPair.publicKey, keyPair.privateKey)).toString('base64url')
    assert.equal(key, sellerKey)
    const license = await atBuyer<{ licensed: boolean, cid: string }>('GET', `/api/shop/licenses/${listing.listingId}`)
    assert.deepEqual([license.status, license.body.licensed, license.body.cid], [200, true, cid])

    // Licensed, but not for this CID, nor with this key.
    const otherCid = await atBuyer<Failure>('POST', '/api/apps', { cid: `bafk${'q'.repeat(55)}`, key, listingId: listing.listingId })
    assert.deepEqual([otherCid.status, otherCid.body.error.name, otherCid.body.error.details?.field], [400, 'LicenseMismatchError', 'cid'])
    const otherKey = await atBuyer<Failure>('POST', '/api/apps', { cid, key: randomBytes(32).toString('base64url'), listingId: Number(listing.listingId) })
    assert.deepEqual([otherKey.status, otherKey.body.error.name, otherKey.body.error.details?.field], [400, 'LicenseMismatchError', 'key'])

    const storedBefore = (await atBuyer<{ blocks: number }>('GET', '/api/storage')).body.blocks
    const installed = await atBuyer<AppView>('POST', '/api/apps', { cid, key, listingId: listing.listingId })
    assert.equal(installed.status, 201, `${JSON.stringify(installed.body)}\n${buyer.output('ipfs').slice(-3000)}`)
    assert.equal(installed.body.name, 'checksum')
    const ran = await atBuyer<AppJobResult>('POST', '/api/apps/checksum/runs', { args: [], stdin: Buffer.from('abc').toString('base64') })
    assert.equal(ran.status, 200, JSON.stringify(ran.body))
    assert.equal(ran.body.stdout, `${createHash('sha256').update('abc').digest('hex')}  -\n`)
    // The package's blocks came to the buyer's node over the wire, and are pinned there now.
    const storage = await atBuyer<{ pinnedBytes: number, blocks: number }>('GET', '/api/storage')
    assert.deepEqual([storage.status, storage.body.pinnedBytes > 0, storage.body.blocks > storedBefore], [200, true, true], JSON.stringify(storage.body))
  })
})
