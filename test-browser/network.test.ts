// The Network page in Debian's Chromium against the whole node on the host, pc2-egress
// included (in a network namespace of its own, @pc2/test-support/stack): the owner reads the
// rules in words, allows a destination for pc2-shop and removes it again, gets a clear
// error for a bad one, and sees an attempt that was refused appear live.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { peerAddress } from '@pc2/test-support/netns'
import { claimStack, startStack } from '@pc2/test-support/stack'
import type { Stack } from '@pc2/test-support/stack'
import { launchBrowser, ownerPage, screenshot } from '@pc2/test-support/browser'

describe('the Network page (whole node on the host, pc2-egress in a namespace)', { timeout: 5 * 60_000 }, () => {
  let stack: Stack
  let browser: Browser
  let page: Page
  const byTestId = (testId: string) => page.getByTestId(testId)
  const unit = (name: string) => page.locator(`[data-testid="unit-policy"][data-unit="${name}"]`)

  before(async () => {
    stack = await startStack({ egress: true })
    const owner = await claimStack(stack)
    browser = await launchBrowser()
    ;({ page } = await ownerPage(browser, stack.origin, owner.account))
  })

  after(async () => {
    await browser?.close()
    await stack?.stop()
  })

  it('says in words what may leave the node, per service', async () => {
    await byTestId('nav-network').click()
    await page.waitForURL(/\/network$/)
    await byTestId('policy-summary').waitFor()
    assert.match(await byTestId('policy-summary').innerText(), /Nothing leaves this node unless a rule below allows it/)
    assert.match(await byTestId('policy-summary').innerText(), /never refused, so you cannot lock yourself out/)
    assert.equal(await unit('pc2-vault').getByTestId('unit-nothing').innerText(), 'May reach nothing outside the node.')
    assert.equal(await unit('pc2-vault').getByTestId('add-destination-pc2-vault').count(), 0, 'no destination can be added to the vault')
    assert.match(await unit('pc2-ipfs').innerText(), /IPFS peers on the local network only/)
    await byTestId('network-live').and(page.locator('[data-state="live"]')).waitFor()
    await screenshot(page, 'network-page')
  })

  it('allows a destination for pc2-shop at once, and removes it', async () => {
    const shop = unit('pc2-shop')
    await shop.getByTestId('destination-host').fill(peerAddress)
    await shop.getByTestId('destination-port').fill('8545')
    await shop.getByTestId('destination-note').fill('my chain')
    await shop.getByTestId('destination-add').click()
    const line = shop.locator('[data-testid="policy-line"][data-source="owner"]')
    await line.waitFor()
    assert.match(await line.innerText(), new RegExp(`${peerAddress.replaceAll('.', '\\.')}, port 8545 \\(TCP\\) — my chain`))
    assert.equal(stack.egress!.probe('pc2-shop', [{ protocol: 'tcp', host: peerAddress, port: 8545 }])[0]!.code, 'OK')
    await shop.getByTestId('destination-remove').click()
    await line.waitFor({ state: 'detached' })
    assert.equal(stack.egress!.probe('pc2-shop', [{ protocol: 'tcp', host: peerAddress, port: 8545 }])[0]!.code, 'EHOSTUNREACH')
  })

  it('refuses a bad destination with a message that says what is wrong', async () => {
    const shop = unit('pc2-shop')
    await shop.getByTestId('destination-host').fill('10.0.0.1/8')
    await shop.getByTestId('destination-add').click()
    await shop.getByTestId('destination-error').waitFor()
    assert.match(await shop.getByTestId('destination-error').innerText(), /host bits set; the block is 10\.0\.0\.0\/8/)
  })

  it('shows a refused attempt live, with the service that made it', async () => {
    stack.egress!.probe('pc2-vault', [{ protocol: 'tcp', host: peerAddress, port: 7777 }])
    const row = page.locator('[data-testid="blocked-row"][data-unit="pc2-vault"]').first()
    await row.waitFor()
    assert.match(await row.innerText(), /10\.9\.0\.2:7777 \(TCP\)/)
    assert.match(await unit('pc2-vault').getByTestId('unit-blocked').innerText(), /[1-9]\d* attempts? refused/)
    await screenshot(page, 'network-refused')
  })
})
