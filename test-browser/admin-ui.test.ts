// The admin UI in Debian's Chromium against the real pc2-admin bundle on the host: claim,
// logout, login, refused logins, dashboard, journal viewer, settings, phone width and
// keyboard. The wallet is a real key: every signature is verified for real by the node.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { machine } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchBrowser, screenshot } from '@pc2/test-support/browser'
import { startHostNode, type HostNode } from './lib/node.ts'
import { injectWallet, newAccount } from '@pc2/test-support/wallet'

const owner = newAccount()

describe('admin UI in a real browser (services on the host)', { timeout: 5 * 60_000 }, () => {
  let node: HostNode
  let browser: Browser
  let context: BrowserContext
  let page: Page

  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`)

  before(async () => {
    node = await startHostNode()
    browser = await launchBrowser()
    context = await browser.newContext()
    await injectWallet(context, owner)
    page = await context.newPage()
  })

  after(async () => {
    await browser?.close()
    await node?.stop()
  })

  it('an unclaimed node opens on the claim page', async () => {
    await page.goto(node.url)
    await page.waitForURL(/\/claim$/)
    await byTestId('claim-code').waitFor()
    await screenshot(page, 'host-claim')
  })

  it('refuses a wrong claim code with a clear message and keeps the node unclaimed', async () => {
    await byTestId('claim-code').fill('AAAA-BBBB')
    await byTestId('claim-button').click()
    await byTestId('sign-in-error').waitFor()
    assert.match(await byTestId('sign-in-error').innerText(), /code/i)
    const health = await (await fetch(`${node.url}/api/health`)).json() as { claimed: boolean }
    assert.equal(health.claimed, false)
  })

  it('claims the node with the console code and a wallet signature', async () => {
    await byTestId('claim-code').fill(node.claimCode())
    await byTestId('claim-button').click()
    await page.waitForURL((url) => url.pathname === '/')
    await byTestId('dashboard-version').waitFor()
    assert.match(await byTestId('dashboard-version').innerText(), /0\.1\.0/)
    assert.match(await byTestId('dashboard-hardware').innerText(), new RegExp(`${machine()}\\)?$`))
    const stored = JSON.parse(readFileSync(join(node.directory, 'admin', 'owner.json'), 'utf8')) as { address: string }
    assert.equal(stored.address, owner.address)
    assert.equal(existsSync(join(node.directory, 'run', 'claim-code')), false, 'the claim code is gone')
    await screenshot(page, 'host-dashboard')
  })

  it('shows live status on the dashboard', async () => {
    await byTestId('storage-usage').waitFor()
    assert.match(await byTestId('storage-usage').innerText(), /\d/)
    // Live: the dashboard asks for fresh status again while it is open.
    await page.waitForResponse((response) => response.url().endsWith('/api/status') && response.status() === 200, { timeout: 15_000 })
    await page.waitForResponse((response) => response.url().endsWith('/api/status') && response.status() === 200, { timeout: 15_000 })
  })

  it('the journal viewer shows recent lines, streams new ones and filters by priority', async () => {
    await byTestId('nav-system').click()
    await page.waitForURL(/\/system$/)
    const lines = byTestId('journal-lines')
    await lines.getByText('fixture: service started').waitFor()
    await lines.getByText(/fixture: live line \d+/).first().waitFor({ timeout: 15_000 })
    await screenshot(page, 'host-system-journal')
    await byTestId('journal-priority').selectOption('3')
    await lines.getByText(/fixture: live error \d+/).first().waitFor({ timeout: 15_000 })
    await page.waitForTimeout(1000)
    assert.doesNotMatch(await lines.innerText(), /fixture: live line|service started/)
  })

  it('settings: a bad value is refused next to its field, a good one is saved', async () => {
    await byTestId('nav-settings').click()
    const field = byTestId('setting-auth.sessionHours')
    await field.waitFor()
    await field.fill('0')
    await byTestId('settings-save').click()
    await byTestId('setting-error-auth.sessionHours').waitFor()
    assert.equal(existsSync(join(node.directory, 'config', 'pc2.conf.d', '50-admin-ui.conf')), false, 'nothing written')
    await field.fill('24')
    await byTestId('settings-save').click()
    await byTestId('settings-message').waitFor()
    assert.match(readFileSync(join(node.directory, 'config', 'pc2.conf.d', '50-admin-ui.conf'), 'utf8'), /sessionHours\s*=\s*24/)
    await screenshot(page, 'host-settings')
  })

  it('fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 })
    await byTestId('nav-dashboard').click()
    await byTestId('dashboard-version').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`)
    await screenshot(page, 'host-dashboard-phone')
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('is usable from the keyboard', async () => {
    await page.reload()
    await byTestId('dashboard-version').waitFor()
    await page.keyboard.press('Tab')
    const first = await page.evaluate(() => document.activeElement?.textContent ?? '')
    assert.match(first, /skip/i, 'the first Tab lands on the skip link')
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab')
      if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'nav-system')) break
    }
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/system$/)
  })

  it('logs out, and the old session no longer opens anything', async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'pc2_session')
    assert.ok(cookie, 'a session cookie was set')
    assert.equal(cookie.httpOnly, true)
    assert.equal(cookie.sameSite, 'Strict')
    await byTestId('logout-button').click()
    await page.waitForURL(/\/login$/)
    const response = await fetch(`${node.url}/api/status`, { headers: { cookie: `pc2_session=${cookie.value}` } })
    assert.equal(response.status, 401)
    await screenshot(page, 'host-login')
  })

  it('refuses a wallet that is not the owner', async () => {
    const stranger = await browser.newContext()
    await injectWallet(stranger, newAccount())
    const strangerPage = await stranger.newPage()
    await strangerPage.goto(`${node.url}/login`)
    await strangerPage.locator('[data-testid="login-button"]').click()
    const error = strangerPage.locator('[data-testid="sign-in-error"]')
    await error.waitFor()
    assert.match(await error.innerText(), /not the owner/i)
    await screenshot(strangerPage, 'host-login-refused')
    await stranger.close()
  })

  it('the owner signs in again', async () => {
    await byTestId('login-button').click()
    await page.waitForURL((url) => url.pathname === '/')
    await byTestId('dashboard-version').waitFor()
  })

  it('without a wallet, the page says one is needed', async () => {
    const plain = await browser.newContext()
    const plainPage = await plain.newPage()
    await plainPage.goto(`${node.url}/login`)
    await plainPage.locator('[data-testid="login-button"]').click()
    await plainPage.locator('[data-testid="wallet-missing"], [data-testid="sign-in-error"]').first().waitFor()
    assert.match(await plainPage.locator('body').innerText(), /wallet/i)
    await plain.close()
  })
})
