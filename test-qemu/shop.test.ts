// FileShop on the booted image: an anvil chain on the host, reached by the guest only
// through a guestfwd (10.0.2.100:8545), is the shop's RPC. The owner turns selling on in
// the settings, funds the node's wallet and lists an uploaded file; a buyer on the host
// pays with `pc2 buy` through a promoter's link, the node in the guest delivers the key,
// and the buyer's bytes equal the original while seller and promoter are paid; after a
// power cut the node still knows the listing and the sale.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { anvilClients, deployFileShop, startAnvil, type Anvil } from '@pc2/contracts'
import type { OwnerListing, SalesResponse, ShopStatus, WalletResponse } from '@pc2/core'
import { killOnExit } from '@pc2/test-support/exit-cleanup'
import { builtImage, flashedDisk } from '@pc2/test-support/images'
import { claimNode, logIn, type OwnerSession } from '@pc2/test-support/owner'
import { VM, waitUntilReady } from '@pc2/test-support/qemu'

const run = promisify(execFile)
const cli = join(import.meta.dirname, '..', 'services', 'cli', 'src', 'main.ts')
const image = builtImage()
const guestRpc = { address: '10.0.2.100', port: 8545 }

describe('FileShop on the image', { timeout: 30 * 60_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-shop-test-'))
  const ownerKey = generatePrivateKey()
  const owner = privateKeyToAccount(ownerKey)
  const buyerKey = generatePrivateKey()
  const buyer = privateKeyToAccount(buyerKey)
  const promoter = privateKeyToAccount(generatePrivateKey())
  let anvil: Anvil
  let contract: `0x${string}`
  let vm: VM
  let session: OwnerSession
  let origin: string

  const ownerFetch = async (path: string, init: { method?: string, json?: unknown } = {}): Promise<Response> =>
    await fetch(`${origin}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
        origin,
        ...(init.json === undefined ? {} : { 'content-type': 'application/json' })
      },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) })
    })

  const ownerJson = async <T>(path: string, init: { method?: string, json?: unknown } = {}, status = 200): Promise<T> => {
    const response = await ownerFetch(path, init)
    const text = await response.text()
    assert.equal(response.status, status, `${init.method ?? 'GET'} ${path}: ${text}`)
    return JSON.parse(text) as T
  }

  before(async () => {
    anvil = await startAnvil()
    killOnExit(anvil.process)
    const clients = anvilClients(anvil)
    contract = await deployFileShop(clients)
    for (const account of [buyer.address]) {
      await clients.testClient.setBalance({ address: account, value: parseEther('10') })
    }
    // /data must hold the upload: a 3 GiB disk over the image (ipfs.quota is /data less 1 GiB).
    const disk = join(directory, 'disk.qcow2')
    flashedDisk(image, disk, '3G')
    vm = await VM.boot({
      disk,
      snapshot: false,
      guestForwards: [{ guestAddress: guestRpc.address, guestPort: guestRpc.port, hostPort: Number(new URL(anvil.rpcUrl).port) }]
    })
    await waitUntilReady(vm)
    origin = `http://127.0.0.1:${vm.httpPort}`
    session = await claimNode(vm, owner)
  })

  after(async () => {
    await vm?.dispose()
    await anvil?.stop()
    rmSync(directory, { recursive: true, force: true })
  })

  it('runs pc2-shop idle until the owner turns selling on', async () => {
    const status = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.deepEqual(status.system.failedUnits, [])
    const unit = status.units.find((candidate: any) => candidate.name === 'pc2-shop.service')
    assert.equal(unit?.active, 'active', JSON.stringify(unit))
    const shop = await ownerJson<ShopStatus>('/api/shop/status')
    assert.equal(shop.enabled, false)
  })

  const waitForChain = async (): Promise<ShopStatus> => {
    const deadline = Date.now() + 120_000
    let shop = await ownerJson<ShopStatus>('/api/shop/status')
    while ((shop.chainId === null || shop.head === null) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      shop = await ownerJson<ShopStatus>('/api/shop/status')
    }
    return shop
  }

  it('reaches the host chain through the guestfwd as soon as the settings name it', async () => {
    await ownerJson('/api/settings', {
      method: 'PUT',
      json: { values: { 'shop.rpcUrl': `http://${guestRpc.address}:${guestRpc.port}`, 'shop.contract': contract, 'shop.confirmations': '0' } }
    })
    const shop = await waitForChain()
    assert.equal(shop.enabled, true, JSON.stringify(shop))
    assert.equal(shop.chainId, anvil.chainId, JSON.stringify(shop))
    assert.equal(shop.contract?.toLowerCase(), contract.toLowerCase())
  })

  const original = new Uint8Array(randomBytes(3 * 1024 * 1024 + 77))
  let listing: OwnerListing

  it('lists an uploaded file for sale from a funded node wallet', async () => {
    const wallet = await ownerJson<WalletResponse>('/api/shop/wallet', { method: 'POST', json: {} }, 201)
    const { walletClient, publicClient } = anvilClients(anvil)
    const funding = await walletClient.sendTransaction({ to: wallet.address, value: parseEther('1') })
    await publicClient.waitForTransactionReceipt({ hash: funding })
    const path = join(directory, 'album.flac')
    writeFileSync(path, original)
    const { stdout } = await run(process.execPath, [cli, 'upload', path, '--node', origin], {
      env: { ...process.env, PC2_OWNER_KEY: ownerKey },
      timeout: 10 * 60_000
    })
    const cid = new URL(stdout.trim()).pathname.split('/').pop()!
    listing = await ownerJson<OwnerListing>('/api/shop/listings', {
      method: 'POST',
      json: { cid, title: 'Album', description: 'Twelve songs', price: parseEther('0.05').toString(), commissionBps: 1500 }
    }, 201)
    assert.equal(listing.status, 'active')
    assert.equal(listing.payee, owner.address)
    const storefront = await (await fetch(`${origin}/api/storefront/listings`)).json() as { listings: Array<{ listingId: string }> }
    assert.deepEqual(storefront.listings.map((entry) => entry.listingId), [listing.listingId])
  })

  it('sells it: pc2 buy through a referral link gets the same bytes, seller and promoter paid on delivery', async () => {
    const { publicClient } = anvilClients(anvil)
    const before = {
      payee: await publicClient.getBalance({ address: owner.address }),
      promoter: await publicClient.getBalance({ address: promoter.address })
    }
    const output = join(directory, 'bought')
    mkdirSync(output)
    await run(process.execPath, [cli, 'buy', `${origin}/shop/${listing.listingId}?ref=${promoter.address}`, '--rpc', anvil.rpcUrl, '--output', `${output}/`], {
      env: { ...process.env, PC2_BUYER_KEY: buyerKey },
      timeout: 10 * 60_000
    })
    assert.deepEqual(new Uint8Array(readFileSync(join(output, 'album.flac'))), original)
    const price = parseEther('0.05')
    const commission = price * 1500n / 10_000n
    assert.equal(await publicClient.getBalance({ address: promoter.address }) - before.promoter, commission)
    assert.equal(await publicClient.getBalance({ address: owner.address }) - before.payee, price - commission)
    // The buyer holds the key once the delivery is mined; the node records the sale as
    // delivered when it reads that transaction's receipt, a poll later (slow under TCG).
    const deadline = Date.now() + 120_000
    let sales = await ownerJson<SalesResponse>('/api/shop/sales')
    while (sales.purchases[0]?.state === 'delivering' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000))
      sales = await ownerJson<SalesResponse>('/api/shop/sales')
    }
    assert.equal(sales.purchases.length, 1)
    assert.equal(sales.purchases[0]?.state, 'delivered')
    assert.equal(sales.purchases[0]?.promoter, promoter.address)
    const status = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.deepEqual(status.system.failedUnits, [])
  })

  it('still knows the listing and the sale after a power cut', async () => {
    vm = await vm.powerCut()
    await waitUntilReady(vm)
    session = await logIn(vm, owner)
    const shop = await waitForChain()
    assert.equal(shop.enabled, true, JSON.stringify(shop))
    const sales = await ownerJson<SalesResponse>('/api/shop/sales')
    assert.deepEqual(sales.purchases.map((purchase) => purchase.state), ['delivered'])
    const storefront = await (await fetch(`${origin}/api/storefront/listings`)).json() as { listings: Array<{ listingId: string }> }
    assert.deepEqual(storefront.listings.map((entry) => entry.listingId), [listing.listingId])
    const status = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.deepEqual(status.system.failedUnits, [])
  })
})
