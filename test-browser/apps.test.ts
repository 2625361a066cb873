// The Apps page in Debian's Chromium against the whole node on the host (pc2-apps included):
// the example apps, built from source, are uploaded encrypted with the pc2 CLI; the owner
// pastes a share link, installs, reads what the app may do, opens the notes web app and saves
// a note through its form, changes the title the notes app reads, runs the checksum job and
// lets it run by itself on its schedule, ticks the one destination a job asks for and sees it
// reach it, and uninstalls after confirming. A visitor
// with no session never reaches the app.
import assert from 'node:assert/strict'
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import type { Browser, Page } from 'playwright-core'
import { claimStack, startStack } from '@pc2/test-support/stack'
import type { Stack, StackOwner } from '@pc2/test-support/stack'
import { netProbeManifest, packFixture } from '@pc2/test-support/wasm'
import { launchBrowser, ownerPage, screenshot } from '@pc2/test-support/browser'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..')

describe('apps in a real browser (whole node on the host)', { timeout: 10 * 60_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-browser-apps-'))
  let stack: Stack
  let owner: StackOwner
  let browser: Browser
  let page: Page
  const links: Record<string, string> = {}
  // What the network job asks to reach: a server of the test's own on loopback.
  const server = createServer((request, response) => { response.end(`fresh from ${request.url}`) })
  let destination = ''
  const byTestId = (id: string) => page.locator(`[data-testid="${id}"]`)
  const card = (name: string) => page.locator(`[data-testid="app-card"][data-name="${name}"]`)

  before(async () => {
    execFileSync('bash', [join(root, 'apps', 'build')], { env: { ...process.env, PC2_OUT: directory }, stdio: ['ignore', 'ignore', 'inherit'] })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    destination = `127.0.0.1:${(server.address() as AddressInfo).port}`
    await packFixture('net-probe', netProbeManifest([destination]), join(directory, 'apps', 'net-probe.wasm'))
    stack = await startStack()
    owner = await claimStack(stack)
    for (const name of ['notes', 'checksum', 'net-probe']) {
      const { stdout } = await run(process.execPath, [join(root, 'services', 'cli', 'src', 'main.ts'), 'upload', join(directory, 'apps', `${name}.wasm`), '--node', stack.origin], {
        env: { ...process.env, PC2_OWNER_KEY: owner.privateKey }
      })
      links[name] = stdout.trim()
    }
    browser = await launchBrowser()
    ;({ page } = await ownerPage(browser, stack.origin, owner.account))
  })

  after(async () => {
    await browser?.close()
    await stack?.stop()
    server.close()
    rmSync(directory, { recursive: true, force: true })
  })

  it('installs the notes app from its share link and says what it may do', async () => {
    await page.getByTestId('nav-apps').click()
    await page.waitForURL(/\/apps$/)
    await byTestId('apps-empty').waitFor()
    await byTestId('install-source').fill('not a link')
    await byTestId('install-source-error').waitFor()
    assert.equal(await byTestId('install-submit').isDisabled(), true)
    await byTestId('install-source').fill(links.notes!)
    await byTestId('install-listing').fill('twelve')
    await byTestId('install-listing-error').waitFor()
    assert.equal(await byTestId('install-submit').isDisabled(), true, 'not a listing number')
    // This node sells nothing (no chain set), so it cannot check a license: it says so, and installs nothing.
    await byTestId('install-listing').fill('12')
    await byTestId('install-submit').click()
    assert.match(await byTestId('install-error').innerText(), /ShopNotConfigured|selling is off|shop\.rpcUrl/i)
    await byTestId('install-listing').fill('')
    await byTestId('install-source').fill(links.notes!.replace(/#k=./, (prefix) => `${prefix.slice(0, -1)}${prefix.endsWith('A') ? 'B' : 'A'}`))
    await byTestId('install-submit').click()
    // The error of the try before gives way to this one's.
    await page.waitForFunction(() => /key/i.test(document.querySelector('[data-testid="install-error"]')?.textContent ?? ''))
    await byTestId('install-source').fill(links.notes!)
    await byTestId('install-submit').click()
    await card('notes').waitFor()
    const words = await card('notes').getByTestId('app-words').innerText()
    assert.match(words, /no network/i)
    assert.match(words, /16 MiB/)
    await screenshot(page, 'apps-installed')
  })

  it('opens the notes web app and saves a note through its form', async () => {
    await card('notes').getByTestId('app-open').click()
    await page.waitForURL(/\/apps\/notes\/$/)
    await page.locator('input[name="title"]').fill('Shopping list')
    await page.locator('textarea[name="body"]').fill('# Market\n\n- **apples**')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\/apps\/notes\/[a-z0-9-]+$/)
    assert.equal(await page.locator('strong', { hasText: 'apples' }).count(), 1)
    // The page runs no scripts at all: the sandbox holds.
    assert.equal(await page.evaluate(() => document.querySelectorAll('script').length).catch(() => 0), 0)
    await screenshot(page, 'apps-notes')
    const visitor = await browser.newContext()
    const stranger = await visitor.newPage()
    await stranger.goto(`${stack.origin}/apps/notes/`)
    await stranger.waitForURL(/\/login/)
    await visitor.close()
  })

  it('changes a value the notes app reads from the page, and the app uses it', async () => {
    await page.goto(`${stack.origin}/apps`)
    const form = card('notes').getByTestId('grant-form')
    assert.equal(await form.getByTestId('grant-env-NOTES_TITLE').inputValue(), 'Notes')
    assert.equal(await form.getByTestId('grant-submit').isDisabled(), true, 'nothing changed yet')
    await form.getByTestId('grant-env-NOTES_TITLE').fill('Kitchen notes')
    await form.getByTestId('grant-submit').click()
    await form.getByTestId('grant-saved').waitFor()
    await card('notes').getByTestId('app-open').click()
    await page.waitForURL(/\/apps\/notes\/$/)
    assert.equal(await page.title(), 'Kitchen notes')
  })

  it('installs the checksum job and runs it from the page', async () => {
    await page.goto(`${stack.origin}/apps`)
    await byTestId('install-source').fill(links.checksum!)
    await byTestId('install-submit').click()
    await card('checksum').waitFor()
    await card('checksum').getByTestId('run-args').fill('--check missing.sums')
    await card('checksum').getByTestId('run-submit').click()
    const result = card('checksum').getByTestId('run-result')
    await result.waitFor()
    assert.equal(await result.getAttribute('data-outcome'), 'exited')
    assert.equal(await result.getAttribute('data-exit-code'), '2', 'no such sums file')
    await card('checksum').getByTestId('recent-runs').locator('summary').click()
    await card('checksum').getByTestId('run-row').first().waitFor()
    assert.equal(await card('checksum').getByTestId('run-row').first().getAttribute('data-trigger'), 'owner')
  })

  it('lets the checksum job run by itself once a day, and shows its scheduled run', async () => {
    const form = card('checksum').getByTestId('grant-form')
    assert.match(await form.innerText(), /once a day with --check SHA256SUMS/)
    await form.getByTestId('grant-schedule').check()
    await form.getByTestId('grant-submit').click()
    await form.getByTestId('grant-saved').waitFor()
    // pc2-apps looks for due jobs every 15 s, and the page reloads the runs every 10 s.
    const scheduled = card('checksum').locator('[data-testid="run-row"][data-trigger="schedule"]')
    await scheduled.first().waitFor({ timeout: 60_000 })
    assert.match(await scheduled.first().innerText(), /by its schedule: Finished with exit code 2/)
    await card('checksum').getByTestId('app-next-run').waitFor({ timeout: 30_000 })
    await screenshot(page, 'apps-scheduled')
  })

  it('lets a job reach the one place it asks for once the owner ticks it, and not before', async () => {
    await page.goto(`${stack.origin}/apps`)
    await byTestId('install-source').fill(links['net-probe']!)
    await byTestId('install-submit').click()
    await card('net-probe').waitFor()
    assert.match(await card('net-probe').getByTestId('app-words').innerText(), new RegExp(`Connects to ${destination} and nowhere else`))
    // Before the owner lets it: refused, and the run says why.
    await card('net-probe').getByTestId('run-args').fill(`GET http://${destination}/news`)
    await card('net-probe').getByTestId('run-submit').click()
    await card('net-probe').getByTestId('run-result').waitFor()
    assert.match(await card('net-probe').getByTestId('run-result').innerText(), /status=-1[\s\S]*no network was granted/)
    const form = card('net-probe').getByTestId('grant-form')
    const box = form.locator(`[data-testid="grant-network"][data-destination="${destination}"]`)
    assert.equal(await box.isChecked(), false)
    await box.check()
    await form.getByTestId('grant-submit').click()
    await form.getByTestId('grant-saved').waitFor()
    await card('net-probe').getByTestId('run-args').fill(`GET http://${destination}/news`)
    await card('net-probe').getByTestId('run-submit').click()
    await page.waitForFunction(() => /status=200/.test(document.querySelector('[data-name="net-probe"] [data-testid="run-stdout"]')?.textContent ?? ''))
    assert.match(await card('net-probe').getByTestId('run-stdout').innerText(), /fresh from \/news/)
    await screenshot(page, 'apps-network')
  })

  it('uninstalls the notes app after confirming; the app is gone', async () => {
    await card('notes').getByTestId('app-uninstall').click()
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Uninstall', exact: true }).click()
    await card('notes').waitFor({ state: 'detached' })
    const answer = await page.request.get(`${stack.origin}/apps/notes/`, { maxRedirects: 0 })
    assert.equal(answer.status(), 404)
  })
})
