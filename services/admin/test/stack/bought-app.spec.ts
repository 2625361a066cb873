// Installing a bought app, on a host stack (pc2-vault, pc2-ipfs, pc2-shop, pc2-apps,
// pc2-admin from source) and a real local chain (anvil): the checksum job, built from
// source, is uploaded encrypted and listed for sale; the owner's install naming the listing
// is refused until the owner's account holds its license token, and refused for a CID or
// a key the listing does not sell; once bought and delivered, it installs and runs.
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
import { claimStack, ownerHeaders, startStack } from '../../../../scripts/lib/stack.ts'
import type { Stack, StackOwner } from '../../../../scripts/lib/stack.ts'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..', '..', '..', '..')

describe('installing a bought app', { timeout: 600_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-bought-app-'))
  const price = parseEther('0.01')
  let anvil: Anvil
  let chain: ReturnType<typeof anvilClients>
  let contract: Address
  let stack: Stack
  let owner: StackOwner
  let listing: OwnerListing
  let cid: string
  let key: string

  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number, body: T }> => {
    const response = await fetch(`${stack.origin}${path}`, {
      method,
      headers: { ...ownerHeaders(owner, stack.origin), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
    return { status: response.status, body: await response.json() as T }
  }
  type Failure = { error: { name: string, message: string, details?: { field?: string } } }

  before(async () => {
    await sodium.ready
    execFileSync('bash', [join(root, 'apps', 'build'), 'checksum'], { env: { ...process.env, PC2_OUT: directory }, stdio: ['ignore', 'ignore', 'inherit'] })
    anvil = await startAnvil()
    chain = anvilClients(anvil)
    contract = await deployFileShop(chain)
    stack = await startStack({ shop: { rpcUrl: anvil.rpcUrl, contract, confirmations: 0, pollInterval: 100 } })
    owner = await claimStack(stack)
    const wallet = await api<WalletResponse>('POST', '/api/shop/wallet', {})
    assert.equal(wallet.status, 201, JSON.stringify(wallet.body))
    await chain.publicClient.waitForTransactionReceipt({ hash: await chain.walletClient.sendTransaction({ to: wallet.body.address, value: parseEther('5') }) })
    const { stdout } = await run(process.execPath, [join(root, 'services', 'cli', 'src', 'main.ts'), 'upload', join(directory, 'apps', 'checksum.wasm'), '--node', stack.origin], {
      env: { ...process.env, PC2_OWNER_KEY: owner.privateKey }
    })
    const link = new URL(stdout.trim())
    cid = link.pathname.split('/').pop()!
    key = link.hash.replace(/^#k=/, '')
    const listed = await api<OwnerListing>('POST', '/api/shop/listings', { cid, title: 'checksum', description: 'SHA-256 checks', price: price.toString(), commissionBps: 0, deliveryWindowSeconds: 600 })
    assert.equal(listed.status, 201, JSON.stringify(listed.body))
    listing = listed.body
  })

  after(async () => {
    await stack?.stop()
    await anvil?.stop()
    rmSync(directory, { recursive: true, force: true })
  })

  it('refuses the install while the owner holds no license, and installs nothing', async () => {
    const refused = await api<Failure>('POST', '/api/apps', { cid, key, listingId: listing.listingId })
    assert.equal(refused.status, 402, JSON.stringify(refused.body))
    assert.equal(refused.body.error.name, 'NoLicenseError')
    assert.match(refused.body.error.message, new RegExp(`${owner.account.address} holds no license for listing ${listing.listingId}`))
    assert.deepEqual((await api<{ apps: AppView[] }>('GET', '/api/apps')).body.apps, [])
  })

  it('names a listing number that is not one, or not on the contract', async () => {
    const bad = await api<Failure>('POST', '/api/apps', { cid, key, listingId: '0' })
    assert.deepEqual([bad.status, bad.body.error.details?.field], [400, 'listingId'])
    const missing = await api<Failure>('POST', '/api/apps', { cid, key, listingId: '999' })
    assert.deepEqual([missing.status, missing.body.error.name], [404, 'ListingNotFoundError'])
    assert.match(missing.body.error.message, /listing 999 does not exist/)
  })

  it('installs and runs it once bought: the license token came with the delivery', async () => {
    const keyPair = sodium.crypto_box_keypair()
    await chain.testClient.setBalance({ address: owner.account.address, value: parseEther('1') })
    const buyer = anvilClients(anvil, owner.account as never).walletClient
    const hash = await buyer.writeContract({ address: contract, abi: fileShopAbi, functionName: 'buy', args: [BigInt(listing.listingId), owner.account.address, toHex(keyPair.publicKey)], value: price })
    const [purchased] = parseEventLogs({ abi: fileShopAbi, eventName: 'Purchased', logs: (await chain.publicClient.waitForTransactionReceipt({ hash })).logs })
    assert.ok(purchased !== undefined)
    const until = Date.now() + 60_000
    let state = ''
    while (state !== 'delivered' && Date.now() < until) {
      await sleep(100)
      const response = await fetch(`${stack.origin}/api/storefront/purchases/${purchased.args.purchaseId}`)
      if (response.ok) state = (await response.json() as PublicPurchase).state
    }
    assert.equal(state, 'delivered', stack.output('shop').slice(-3000))
    const license = await api<{ licensed: boolean, cid: string }>('GET', `/api/shop/licenses/${listing.listingId}`)
    assert.deepEqual([license.status, license.body.licensed, license.body.cid], [200, true, cid])

    // Licensed, but not for this CID, nor with this key.
    const otherCid = await api<Failure>('POST', '/api/apps', { cid: `bafk${'q'.repeat(55)}`, key, listingId: listing.listingId })
    assert.deepEqual([otherCid.status, otherCid.body.error.name, otherCid.body.error.details?.field], [400, 'LicenseMismatchError', 'cid'])
    const otherKey = await api<Failure>('POST', '/api/apps', { cid, key: randomBytes(32).toString('base64url'), listingId: Number(listing.listingId) })
    assert.deepEqual([otherKey.status, otherKey.body.error.name, otherKey.body.error.details?.field], [400, 'LicenseMismatchError', 'key'])

    const installed = await api<AppView>('POST', '/api/apps', { cid, key, listingId: listing.listingId })
    assert.equal(installed.status, 201, JSON.stringify(installed.body))
    assert.equal(installed.body.name, 'checksum')
    const ran = await api<AppJobResult>('POST', '/api/apps/checksum/runs', { args: [], stdin: Buffer.from('abc').toString('base64') })
    assert.equal(ran.status, 200, JSON.stringify(ran.body))
    assert.equal(ran.body.stdout, `${createHash('sha256').update('abc').digest('hex')}  -\n`)
  })
})
