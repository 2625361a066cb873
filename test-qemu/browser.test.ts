// Smoke test of the real appliance in a real browser: a freshly booted image is claimed
// through the UI with a wallet signature, shows live status and real journal lines, logs
// out and logs in again. Screenshots go to out/screenshots/qemu-*.png.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { VM, waitUntilReady } from '@pc2/test-support/qemu'
import { launchBrowser, screenshot } from '@pc2/test-support/browser'
import { injectWallet, newAccount } from '@pc2/test-support/wallet'
import { builtImage, imagePath } from '@pc2/test-support/images'
import { claimCodeFromConsole } from '@pc2/test-support/owner'

describe('admin UI on the booted appliance', { timeout: 20 * 60_000 }, () => {
  let vm: VM
  let browser: Browser
  let page: Page
  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`)

  before(async () => {
    vm = await VM.boot({ disk: imagePath(builtImage(), 'qcow2') })
    await waitUntilReady(vm)
    browser = await launchBrowser()
    const context = await browser.newContext()
    await injectWallet(context, newAccount())
    page = await context.newPage()
  })

  after(async () => {
    await browser?.close()
    await vm?.dispose()
  })

  it('claims the node with the code from the console', async () => {
    await page.goto(`http://127.0.0.1:${vm.httpPort}/`)
    await byTestId('claim-code').fill(await claimCodeFromConsole(vm))
    await byTestId('claim-button').click()
    await byTestId('dashboard-version').waitFor({ timeout: 60_000 })
  })

  it('shows live status: verified root, /data, running units', async () => {
    await byTestId('units-table').getByText('pc2-admin.service').waitFor({ timeout: 30_000 })
    assert.match(await byTestId('root-verity').innerText(), /on|verified|enabled/i)
    assert.match(await byTestId('storage-usage').innerText(), /\d/)
    await screenshot(page, 'qemu-dashboard')
  })

  it('shows real journal lines of pc2-admin', async () => {
    await byTestId('nav-system').click()
    await byTestId('journal-unit').fill('pc2-admin.service')
    await byTestId('journal-unit').press('Enter')
    await byTestId('journal-lines').getByText(/claim/i).first().waitFor({ timeout: 60_000 })
    await screenshot(page, 'qemu-system-journal')
  })

  it('logs out', async () => {
    await byTestId('logout-button').click()
    await page.waitForURL(/\/login$/)
    const response = await fetch(`http://127.0.0.1:${vm.httpPort}/api/status`)
    assert.equal(response.status, 401)
  })

  it('logs in again with the owner\'s wallet and sees live status', async () => {
    await byTestId('login-button').click()
    await byTestId('dashboard-version').waitFor({ timeout: 60_000 })
    await byTestId('units-table').getByText('pc2-admin.service').waitFor({ timeout: 30_000 })
    await screenshot(page, 'qemu-dashboard-after-login')
  })
})
