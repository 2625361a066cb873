// Debian's Chromium driven by playwright-core (no browser download: the package is
// installed by the test script). One browser per test file, a fresh context per test.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { PrivateKeyAccount } from 'viem/accounts'
import { injectWallet } from './wallet.ts'

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'out', 'screenshots')

export async function launchBrowser (): Promise<Browser> {
  return await chromium.launch({
    executablePath: process.env.PC2_CHROMIUM ?? '/usr/bin/chromium',
    // No sandbox: tests run as root. The rest keeps Chromium off the network entirely.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions']
  })
}

/** Saves a full-page screenshot as out/screenshots/<name>.png for people to review. */
export async function screenshot (page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

/** A page in a fresh context whose injected wallet is `account`, signed in to `origin` as the owner. */
export async function ownerPage (browser: Browser, origin: string, account: PrivateKeyAccount): Promise<{ context: BrowserContext, page: Page }> {
  const context = await browser.newContext()
  await injectWallet(context, account)
  const page = await context.newPage()
  await page.goto(`${origin}/login`)
  await page.getByTestId('login-button').click()
  await page.waitForURL((url) => url.pathname === '/')
  return { context, page }
}
