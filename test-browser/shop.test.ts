// Selling in Debian's Chromium against the whole node on the host (pc2-vault, pc2-ipfs,
// pc2-shop and pc2-admin from @pc2/test-support/stack) and a real local chain (anvil): the
// owner makes the node's wallet and lists an uploaded file on the Shop page; a buyer whose
// injected wallet is an anvil account opens a promoter's referral link, buys, watches the
// steps and saves the original bytes; the promoter's page and the owner's Sales page show
// the sale as it happens. Then what goes wrong: no wallet, the wrong chain, too little
// money, a declined payment, a reload while the node is down (Continue), and a node that
// is down past the deadline (refund).
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { formatEther, parseEther, type Address } from 'viem'
import { anvilClients, deployFileShop, startAnvil, type Anvil } from '@pc2/contracts'
import type { SalesResponse } from '@pc2/core'
import { fileShopAbi } from '@pc2/core/shop/fileshop-abi'
import { killOnExit } from '@pc2/test-support/exit-cleanup'
import { claimStack, ownerHeaders, startStack } from '@pc2/test-support/stack'
import type { Stack, StackOwner } from '@pc2/test-support/stack'
import { launchBrowser, screenshot } from '@pc2/test-support/browser'
import { injectWallet, newAccount, type TestWallet } from '@pc2/test-support/wallet'

const run = promisify(execFile)
const cli = join(import.meta.dirname, '..', 'services', 'cli', 'src', 'main.ts')

describe('selling in a real browser (whole node on the host, anvil chain)', { timeout: 10 * 60_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-shop-browser-'))
  const fileName = 'field recording.flac'
  const original = randomBytes(900 * 1024 + 17)
  const price = parseEther('0.02')
  const commissionBps = 2500
  const commission = price * BigInt(commissionBps) / 10_000n
  const promoter = newAccount()
  let anvil: Anvil
  let chain: ReturnType<typeof anvilClients>
  let contract: Address
  let stack: Stack
  let owner: StackOwner
  let cid = ''
  let fileKey = ''
  let listingId = ''
  let browser: Browser
  let ownerContext: BrowserContext
  let ownerPage: Page
  let promoterPage: Page

  const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`)

  /** A fresh account holding `ether` on anvil. */
  const fundedAccount = async (ether: string) => {
    const account = newAccount()
    await chain.testClient.setBalance({ address: account.address, value: parseEther(ether) })
    return account
  }

  /** A buyer's browser: its own context, an injected wallet (if any), downloads allowed. */
  const buyerAt = async (path: string, wallet?: { account: ReturnType<typeof newAccount>, reportedChainId?: number }): Promise<{ context: BrowserContext, page: Page, wallet: TestWallet | undefined }> => {
    const context = await browser.newContext({ acceptDownloads: true })
    const injected = wallet === undefined
      ? undefined
      : await injectWallet(context, wallet.account, { chain: anvil.chain, ...(wallet.reportedChainId === undefined ? {} : { reportedChainId: wallet.reportedChainId }) })
    const page = await context.newPage()
    await page.goto(`${stack.origin}${path}`)
    await byTestId(page, 'buy-title').waitFor()
    return { context, page, wallet: injected }
  }

  const expectBuyError = async (page: Page, errorName: string, pattern: RegExp): Promise<void> => {
    const problem = byTestId(page, 'buy-error')
    await problem.waitFor()
    assert.equal(await problem.getAttribute('data-error-name'), errorName)
    assert.match(await problem.innerText(), pattern)
  }

  /** Marks the page, so a later check can tell it was not reloaded. */
  const markPage = async (page: Page): Promise<void> => { await page.evaluate(() => { (window as unknown as { pc2Mark: boolean }).pc2Mark = true }) }
  const stillMarked = async (page: Page): Promise<boolean> => await page.evaluate(() => (window as unknown as { pc2Mark?: boolean }).pc2Mark === true)

  before(async () => {
    anvil = await startAnvil()
    killOnExit(anvil.process)
    chain = anvilClients(anvil)
    contract = await deployFileShop(chain)
    stack = await startStack({ shop: { rpcUrl: anvil.rpcUrl, contract, confirmations: 0, pollInterval: 100 } })
    owner = await claimStack(stack)
    const path = join(directory, fileName)
    writeFileSync(path, original)
    const { stdout } = await run(process.execPath, [cli, 'upload', path, '--node', stack.origin], { env: { ...process.env, PC2_OWNER_KEY: owner.privateKey } })
    const uploaded = new URL(stdout.trim())
    cid = uploaded.pathname.split('/').pop() ?? ''
    fileKey = uploaded.hash.replace(/^#k=/, '')
    browser = await launchBrowser()
    ownerContext = await browser.newContext()
    await injectWallet(ownerContext, owner.account)
    ownerPage = await ownerContext.newPage()
    await ownerPage.goto(`${stack.origin}/login`)
    await byTestId(ownerPage, 'login-button').click()
    await ownerPage.waitForURL((url) => url.pathname === '/')
  })

  after(async () => {
    await browser?.close()
    await stack?.stop()
    await anvil?.stop()
    rmSync(directory, { recursive: true, force: true })
  })

  it('the owner makes the node\'s wallet on the Shop page and sees it funded', async () => {
    await byTestId(ownerPage, 'nav-shop').click()
    await ownerPage.waitForURL(/\/listings$/)
    await byTestId(ownerPage, 'shop-enabled').waitFor()
    assert.equal(await byTestId(ownerPage, 'shop-chain-id').innerText(), String(anvil.chainId))
    assert.equal(await byTestId(ownerPage, 'shop-contract').innerText(), contract)
    await byTestId(ownerPage, 'listings-empty').waitFor()
    await byTestId(ownerPage, 'shop-create-wallet').click()
    const address = byTestId(ownerPage, 'shop-wallet-address')
    await address.waitFor()
    const wallet = await address.innerText() as Address
    await byTestId(ownerPage, 'shop-wallet-unfunded').waitFor()
    await chain.publicClient.waitForTransactionReceipt({ hash: await chain.walletClient.sendTransaction({ to: wallet, value: parseEther('5') }) })
    // The status is asked again every 10 s; a reload shows the balance at once.
    await ownerPage.reload()
    await byTestId(ownerPage, 'shop-wallet-balance').filter({ hasText: '5 ETH' }).waitFor()
    assert.equal(await byTestId(ownerPage, 'shop-wallet-unfunded').count(), 0)
    assert.match(await byTestId(ownerPage, 'shop-head').innerText(), /^block \d+/)
  })

  it('the owner lists the uploaded file: title, description, price, commission and delivery window', async () => {
    const form = byTestId(ownerPage, 'sell-form')
    await form.waitFor()
    await byTestId(ownerPage, 'sell-submit').click()
    assert.match(await byTestId(ownerPage, 'sell-problem').innerText(), /Pick the file/)
    await byTestId(ownerPage, 'sell-file').selectOption(cid)
    await byTestId(ownerPage, 'sell-title').fill('Dawn chorus')
    await byTestId(ownerPage, 'sell-description').fill('Forty minutes of birdsong, recorded at 5 am.')
    await byTestId(ownerPage, 'sell-price').fill('0.02.5')
    await byTestId(ownerPage, 'sell-submit').click()
    assert.match(await byTestId(ownerPage, 'sell-problem').innerText(), /not a price/)
    await byTestId(ownerPage, 'sell-price').fill('0.02')
    await byTestId(ownerPage, 'sell-commission').fill('25')
    await byTestId(ownerPage, 'sell-hours').fill('1')
    await byTestId(ownerPage, 'sell-submit').click()
    const done = byTestId(ownerPage, 'sell-done')
    await done.waitFor({ timeout: 60_000 })
    listingId = await done.getAttribute('data-listing-id') ?? ''
    assert.match(listingId, /^\d+$/)
    const row = ownerPage.locator(`[data-testid="listing-row"][data-listing-id="${listingId}"]`)
    await row.waitFor()
    assert.equal(await row.getAttribute('data-status'), 'active')
    assert.equal(await row.locator('[data-testid="listing-price"]').innerText(), '0.02 ETH')
    assert.equal(await row.locator('[data-testid="listing-commission"]').innerText(), '25%')
    const onChain = await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'getListing', args: [BigInt(listingId)] })
    assert.equal(onChain.price, price)
    assert.equal(onChain.commissionBps, commissionBps)
    assert.equal(onChain.deliveryWindow, 3600)
    assert.equal(onChain.cid, cid)
    await screenshot(ownerPage, 'host-shop')
  })

  it('the storefront shows the listing to anyone, and its page makes a promoter\'s referral link', async () => {
    const visitor = await browser.newContext()
    const page = await visitor.newPage()
    await page.goto(`${stack.origin}/shop`)
    const item = page.locator(`[data-testid="storefront-item"][data-listing-id="${listingId}"]`)
    await item.waitFor()
    assert.match(await item.innerText(), /Dawn chorus[\s\S]*0\.02 ETH[\s\S]*promoters earn 25%/)
    assert.equal(await page.locator('.site-header').count(), 0, 'no admin header')
    await screenshot(page, 'host-storefront')
    await item.getByRole('link', { name: 'Dawn chorus' }).click()
    await page.waitForURL(new RegExp(`/shop/${listingId}$`))
    await byTestId(page, 'buy-title').waitFor()
    assert.equal(await byTestId(page, 'buy-price').innerText(), '0.02 ETH')
    await byTestId(page, 'wallet-missing').waitFor()
    await byTestId(page, 'promote-address').fill('alice.eth')
    await byTestId(page, 'promote-make').click()
    assert.match(await byTestId(page, 'promote-problem').innerText(), /not an Ethereum address/)
    await byTestId(page, 'promote-address').fill(promoter.address.toLowerCase())
    await byTestId(page, 'promote-make').click()
    assert.equal(await byTestId(page, 'promote-link').inputValue(), `${stack.origin}/shop/${listingId}?ref=${promoter.address}`)
    // The promoter keeps their earnings page open from here on.
    await byTestId(page, 'promote-earnings').click()
    await page.waitForURL(new RegExp(`/shop/promoters/${promoter.address}$`))
    await byTestId(page, 'promoter-live').and(page.locator('[data-state="live"]')).waitFor()
    assert.equal(await byTestId(page, 'promoter-total').innerText(), '0 ETH')
    await byTestId(page, 'promoter-empty').waitFor()
    promoterPage = page
    await markPage(promoterPage)
  })

  it('a buyer with a wallet buys through the referral link: paid, delivered, key checked, downloaded, decrypted, saved', async () => {
    await byTestId(ownerPage, 'nav-sales').click()
    await ownerPage.waitForURL(/\/sales$/)
    await byTestId(ownerPage, 'sales-empty').waitFor()
    await byTestId(ownerPage, 'sales-live').and(ownerPage.locator('[data-state="live"]')).waitFor()
    await markPage(ownerPage)

    const buyerAccount = await fundedAccount('1')
    const { context, page, wallet } = await buyerAt(`/shop/${listingId}?ref=${promoter.address}`, { account: buyerAccount })
    assert.equal(await byTestId(page, 'buy-referral').getAttribute('data-promoter'), promoter.address)
    assert.match(await byTestId(page, 'buy-referral').innerText(), /25% of the price \(0\.005 ETH\)/)
    // Every phase the panel goes through, as the buyer sees them.
    await page.evaluate(() => {
      const panel = document.querySelector('[data-testid="buy-panel"]')!
      const phases: string[] = []
      ;(window as unknown as { pc2Phases: string[] }).pc2Phases = phases
      new MutationObserver(() => {
        const phase = panel.getAttribute('data-phase') ?? ''
        if (phases.at(-1) !== phase) phases.push(phase)
      }).observe(panel, { attributes: true, attributeFilter: ['data-phase'] })
    })
    const downloaded = page.waitForEvent('download', { timeout: 120_000 })
    await byTestId(page, 'buy-button').click()
    const download = await downloaded
    assert.equal(download.suggestedFilename(), fileName)
    assert.ok(readFileSync(await download.path()).equals(original), 'the saved file is the original')
    await byTestId(page, 'buy-done').waitFor()
    // The bought copy's link opens the same file: this node's download page with the key.
    const copyLink = new URL(await byTestId(page, 'buy-copy-link').inputValue())
    assert.equal(copyLink.origin, new URL(page.url()).origin)
    assert.equal(copyLink.pathname, `/f/${cid}`)
    assert.equal(copyLink.hash, `#k=${fileKey}`)

    const phases = await page.evaluate(() => (window as unknown as { pc2Phases: string[] }).pc2Phases)
    const order = ['connecting', 'signing', 'checking', 'paying', 'waiting', 'key', 'downloading', 'decrypting', 'done']
    assert.deepEqual(phases.filter((phase) => order.includes(phase)).filter((phase, index, all) => all.indexOf(phase) === index), order.filter((phase) => phases.includes(phase)))
    for (const phase of ['signing', 'paying', 'waiting', 'done']) assert.ok(phases.includes(phase), `showed ${phase}: ${phases.join(' → ')}`)
    const steps = await page.locator('[data-testid^="buy-step-"]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-state')} ${item.textContent}`))
    assert.deepEqual(steps, ['done Paid', 'done Delivered by the seller\'s node', 'done Key received and checked', 'done Downloaded', 'done Decrypted and verified', 'done Saved'])
    assert.deepEqual(wallet?.requests.slice(0, 3), ['eth_requestAccounts', 'eth_chainId', 'personal_sign'])
    assert.equal(wallet?.transactions.length, 1, 'one transaction: the payment')
    await screenshot(page, 'host-shop-bought')

    const purchaseId = await byTestId(page, 'buy-purchase-id').getAttribute('data-purchase-id')
    const purchase = await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'getPurchase', args: [BigInt(purchaseId ?? '0')] })
    assert.equal(purchase.buyer, buyerAccount.address)
    assert.equal(purchase.promoter, promoter.address)
    assert.equal(purchase.amount, price)
    assert.equal(purchase.state, 2, 'delivered')
    assert.equal(await chain.publicClient.getBalance({ address: promoter.address }), commission)
    await context.close()
  })

  it('the owner\'s Sales page and the promoter\'s page show the delivered sale live, without a reload', async () => {
    const row = ownerPage.locator('[data-testid="sale-row"][data-state="delivered"]')
    await row.waitFor({ timeout: 30_000 })
    assert.match(await row.innerText(), /Dawn chorus/)
    await row.locator('[data-testid="sale-delivery"]').waitFor()
    await byTestId(ownerPage, 'sales-delivered').filter({ hasText: /^1$/ }).waitFor()
    assert.equal(await byTestId(ownerPage, 'sales-payee-total').innerText(), `${formatEther(price - commission)} ETH`)
    assert.equal(await byTestId(ownerPage, 'sales-promoters-total').innerText(), `${formatEther(commission)} ETH`)
    const payout = ownerPage.locator(`[data-testid="payout-row"][data-promoter="${promoter.address}"]`)
    assert.equal(await payout.locator('[data-testid="payout-paid"]').innerText(), '0.005 ETH')
    assert.ok(await stillMarked(ownerPage), 'the Sales page was not reloaded')
    await screenshot(ownerPage, 'host-sales')

    await byTestId(promoterPage, 'promoter-total').filter({ hasText: '0.005 ETH' }).waitFor({ timeout: 30_000 })
    assert.equal(await byTestId(promoterPage, 'promoter-sales-count').innerText(), '1')
    assert.equal(await promoterPage.locator('[data-testid="promoter-sale"]').getAttribute('data-promoter-amount'), commission.toString())
    assert.ok(await stillMarked(promoterPage), 'the promoter page was not reloaded')
    await screenshot(promoterPage, 'host-promoter')
  })

  it('says what to do without a wallet, on the wrong chain, with too little money, and after a declined payment; nothing is paid', async () => {
    const paidBefore = await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'purchaseCount' })

    const none = await buyerAt(`/shop/${listingId}`)
    await byTestId(none.page, 'buy-button').click()
    await expectBuyError(none.page, 'WalletMissingError', /no wallet[\s\S]*Nothing was paid/)
    await none.context.close()

    const wrongChain = await buyerAt(`/shop/${listingId}`, { account: await fundedAccount('1'), reportedChainId: 1 })
    await byTestId(wrongChain.page, 'buy-button').click()
    await expectBuyError(wrongChain.page, 'WrongChainError', new RegExp(`on chain 1, but this shop sells on chain ${anvil.chainId}[\\s\\S]*Nothing was paid`))
    assert.ok(wrongChain.wallet?.requests.includes('wallet_switchEthereumChain'), 'asked the wallet to switch first')
    await wrongChain.context.close()

    const poor = await buyerAt(`/shop/${listingId}`, { account: await fundedAccount('0.001') })
    await byTestId(poor.page, 'buy-button').click()
    await expectBuyError(poor.page, 'InsufficientFundsError', /has 0\.001 ETH; this file costs 0\.02 ETH/)
    assert.equal(poor.wallet?.transactions.length, 0)
    await poor.context.close()

    const declining = await buyerAt(`/shop/${listingId}`, { account: await fundedAccount('1') })
    declining.wallet?.rejectNext('eth_sendTransaction')
    await byTestId(declining.page, 'buy-button').click()
    await expectBuyError(declining.page, 'WalletRejectedError', /declined[\s\S]*Nothing was paid/)
    assert.equal(await byTestId(declining.page, 'buy-button').isEnabled(), true, 'Buy can be pressed again')
    await screenshot(declining.page, 'host-shop-declined')
    await declining.context.close()

    assert.equal(await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'purchaseCount' }), paidBefore)
  })

  it('a reload while waiting for the node offers Continue, which picks the purchase up without paying again', async () => {
    const { context, page, wallet } = await buyerAt(`/shop/${listingId}`, { account: await fundedAccount('1') })
    await stack.kill('shop', 'SIGTERM')
    let restarted = false
    try {
      await byTestId(page, 'buy-button').click()
      await page.locator('[data-testid="buy-step-deliver"]').filter({ hasText: /does not answer right now/ }).waitFor({ timeout: 30_000 })
      const purchaseId = await byTestId(page, 'buy-purchase-id').getAttribute('data-purchase-id')
      // The node is still down: the page shows the listing as it was when paid.
      await page.reload()
      await byTestId(page, 'buy-listing-error').waitFor()
      await byTestId(page, 'buy-remembered').waitFor()
      const pending = byTestId(page, 'buy-pending')
      await pending.waitFor()
      assert.equal(await pending.getAttribute('data-purchase-id'), purchaseId)
      await screenshot(page, 'host-shop-continue')
      await stack.restart('shop')
      restarted = true
      const downloaded = page.waitForEvent('download', { timeout: 120_000 })
      await byTestId(page, 'buy-resume').click()
      const download = await downloaded
      assert.ok(readFileSync(await download.path()).equals(original), 'the saved file is the original')
      await byTestId(page, 'buy-done').waitFor()
      assert.equal(wallet?.transactions.length, 1, 'paid once')
      assert.equal(wallet?.requests.filter((method) => method === 'personal_sign').length, 2, 'signed again for the same key')
      await page.reload()
      await byTestId(page, 'buy-button').waitFor()
      assert.equal(await byTestId(page, 'buy-pending').count(), 0, 'nothing left to continue')
    } finally {
      await context.close()
      if (!restarted) await stack.restart('shop')
    }
  })

  it('a node that is down past the deadline: the buyer is told, and refunds from the page', async () => {
    const buyerAccount = await fundedAccount('1')
    const { context, page } = await buyerAt(`/shop/${listingId}`, { account: buyerAccount })
    await stack.kill('shop', 'SIGTERM')
    try {
      await byTestId(page, 'buy-button').click()
      await page.locator('[data-testid="buy-step-deliver"]').filter({ hasText: /does not answer right now/ }).waitFor({ timeout: 30_000 })
      await screenshot(page, 'host-shop-waiting')
      // An hour and a second later on the chain's clock, the delivery window is over.
      await chain.testClient.increaseTime({ seconds: 3601 })
      await chain.testClient.mine({ blocks: 1 })
      const expired = byTestId(page, 'buy-expired')
      await expired.waitFor({ timeout: 30_000 })
      assert.match(await expired.innerText(), /did not deliver before the deadline[\s\S]*owes it back to you/)
      const before = await chain.publicClient.getBalance({ address: buyerAccount.address })
      await byTestId(page, 'buy-refund').click()
      await byTestId(page, 'buy-refunded').waitFor({ timeout: 30_000 })
      const refunded = await chain.publicClient.getBalance({ address: buyerAccount.address })
      assert.ok(refunded - before > price - parseEther('0.001'), 'the price came back, less the refund\'s network fee')
      await screenshot(page, 'host-shop-refunded')
      const purchaseId = await byTestId(page, 'buy-purchase-id').getAttribute('data-purchase-id')
      assert.equal((await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'getPurchase', args: [BigInt(purchaseId ?? '0')] })).state, 3, 'refunded')
    } finally {
      await context.close()
      await stack.restart('shop')
    }
    // The Sales page reconnects by itself and shows the refund.
    await ownerPage.locator('[data-testid="sale-row"][data-state="refunded"]').waitFor({ timeout: 30_000 })
    await byTestId(ownerPage, 'sales-refunded').filter({ hasText: /^1$/ }).waitFor()
    const sales = await (await fetch(`${stack.origin}/api/shop/sales`, { headers: ownerHeaders(owner, stack.origin) })).json() as SalesResponse
    assert.equal(sales.totals.refunded, 1)
    assert.equal(sales.totals.delivered, 2)
  })

  it('the owner changes price and commission, pauses and resumes, and delists after confirming, all on chain', async () => {
    await byTestId(ownerPage, 'nav-shop').click()
    await ownerPage.waitForURL(/\/listings$/)
    const row = ownerPage.locator(`[data-testid="listing-row"][data-listing-id="${listingId}"]`)
    await row.waitFor()
    const readListing = async () => await chain.publicClient.readContract({ address: contract, abi: fileShopAbi, functionName: 'getListing', args: [BigInt(listingId)] })

    await byTestId(ownerPage, 'listing-edit').click()
    await byTestId(ownerPage, 'listing-edit-save').click()
    assert.match(await byTestId(ownerPage, 'listing-problem').innerText(), /new price, a new commission, or both/)
    await byTestId(ownerPage, 'listing-edit-price').fill('0.03')
    await byTestId(ownerPage, 'listing-edit-commission').fill('10')
    await byTestId(ownerPage, 'listing-edit-save').click()
    await row.locator('[data-testid="listing-price"]').filter({ hasText: '0.03 ETH' }).waitFor({ timeout: 30_000 })
    assert.equal(await row.locator('[data-testid="listing-commission"]').innerText(), '10%')
    assert.equal((await readListing()).price, parseEther('0.03'))
    assert.equal((await readListing()).commissionBps, 1000)

    await byTestId(ownerPage, 'listing-pause').click()
    await ownerPage.locator(`[data-testid="listing-row"][data-listing-id="${listingId}"][data-status="paused"]`).waitFor({ timeout: 30_000 })
    assert.equal((await readListing()).status, 2, 'paused on chain')
    const visitor = await buyerAt(`/shop/${listingId}`)
    await byTestId(visitor.page, 'buy-not-for-sale').waitFor()
    assert.equal(await byTestId(visitor.page, 'buy-button').isDisabled(), true)
    await visitor.context.close()
    assert.equal(await byTestId(ownerPage, 'listing-pause').innerText(), 'Resume')
    await byTestId(ownerPage, 'listing-pause').click()
    await ownerPage.locator(`[data-testid="listing-row"][data-listing-id="${listingId}"][data-status="active"]`).waitFor({ timeout: 30_000 })
    assert.equal((await readListing()).status, 1, 'active again')

    await byTestId(ownerPage, 'listing-delist').click()
    await byTestId(ownerPage, 'confirm-dialog').waitFor()
    await byTestId(ownerPage, 'confirm-cancel').click()
    assert.equal(await row.getAttribute('data-status'), 'active', 'cancel changes nothing')
    await byTestId(ownerPage, 'listing-delist').click()
    await byTestId(ownerPage, 'confirm-accept').click()
    await ownerPage.locator(`[data-testid="listing-row"][data-listing-id="${listingId}"][data-status="delisted"]`).waitFor({ timeout: 30_000 })
    assert.equal((await readListing()).status, 3, 'delisted on chain')
    assert.equal(await byTestId(ownerPage, 'listing-pause').count(), 0, 'nothing left to change')
    await screenshot(ownerPage, 'host-shop-delisted')
  })
})
