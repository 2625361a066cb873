// Files, share links, storage and peers in Debian's Chromium against the whole node on the
// host (pc2-vault, pc2-ipfs and pc2-admin from @pc2/test-support/stack): the owner uploads a
// file through the page (encrypted in the browser, resumed across a restart of pc2-ipfs),
// shares it, and a visitor with no session downloads and decrypts it in a fresh context;
// wrong keys, damaged and cut-off files are refused in plain words with nothing to save.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { claimStack, startStack } from '@pc2/test-support/stack'
import type { Stack } from '@pc2/test-support/stack'
import { launchBrowser, ownerPage, screenshot } from '@pc2/test-support/browser'

const MiB = 1024 * 1024
const quotaBytes = 64 * MiB
/** The ciphertext PUTs of an upload. */
const uploadRequests = (url: URL): boolean => url.pathname.startsWith('/api/uploads/') && url.searchParams.has('offset')

describe('files, sharing and storage in a real browser (whole node on the host)', { timeout: 10 * 60_000 }, () => {
  let stack: Stack
  let browser: Browser
  let page: Page
  let files: string
  const name = 'holiday photos 2025.bin'
  let original: Buffer
  let shareLink = ''

  const byTestId = (id: string, on: Page = page) => on.locator(`[data-testid="${id}"]`)
  const fileRow = () => page.locator(`[data-testid="file-row"][data-name="${name}"]`)

  /** Opens a link in a fresh context (no cookies, no wallet), as someone the link was sent to. */
  const openAsVisitor = async (link: string): Promise<{ visitor: BrowserContext, visitorPage: Page }> => {
    const visitor = await browser.newContext({ acceptDownloads: true })
    const visitorPage = await visitor.newPage()
    await visitorPage.goto(link)
    return { visitor, visitorPage }
  }

  const expectProblem = async (visitorPage: Page, errorName: string, pattern: RegExp): Promise<void> => {
    const problem = byTestId('download-error', visitorPage)
    await problem.waitFor()
    assert.equal(await problem.getAttribute('data-error-name'), errorName)
    assert.match(await problem.innerText(), pattern)
    assert.equal(await byTestId('download-save', visitorPage).count(), 0, 'nothing to save')
  }

  before(async () => {
    files = mkdtempSync(join(tmpdir(), 'pc2-files-'))
    original = randomBytes(20 * MiB)
    writeFileSync(join(files, name), original)
    stack = await startStack({ quotaBytes })
    const owner = await claimStack(stack)
    browser = await launchBrowser()
    ;({ page } = await ownerPage(browser, stack.origin, owner.account))
  })

  after(async () => {
    await browser?.close()
    await stack?.stop()
    rmSync(files, { recursive: true, force: true })
  })

  it('the owner uploads a 20 MiB file, encrypted in the page, with progress, across a restart of pc2-ipfs', async () => {
    await byTestId('nav-files').click()
    await page.waitForURL(/\/files$/)
    await byTestId('files-empty').waitFor()

    // Hold the second 8 MiB request until pc2-ipfs has been killed: the node answers 503,
    // the page says it is reconnecting, and once pc2-ipfs is back the upload resumes from
    // the offset the node kept.
    let puts = 0
    let restarted: Promise<void> | undefined
    await page.route(uploadRequests, async (route) => {
      if (++puts === 2) {
        await stack.kill('ipfs')
        restarted = stack.restart('ipfs')
      }
      await route.continue()
    })

    await byTestId('upload-input').setInputFiles(join(files, name))
    const item = page.locator(`[data-testid="upload-item"][data-name="${name}"]`)
    await item.waitFor()
    await item.locator('[data-testid="upload-progress"]').waitFor()
    await page.locator('[data-testid="upload-item"][data-state="reconnecting"]').waitFor({ timeout: 30_000 })
    assert.match(await item.locator('[data-testid="upload-status"]').innerText(), /reconnecting/i)
    await restarted
    await page.locator('[data-testid="upload-item"][data-state="done"]').waitFor({ timeout: 120_000 })
    await page.unroute(uploadRequests)
    assert.ok(puts >= 3, `the upload went on after the restart (${puts} PUTs)`)

    await fileRow().waitFor()
    assert.equal(await fileRow().locator('[data-testid="file-name"]').innerText(), name)
    assert.equal(await fileRow().locator('[data-testid="file-size"]').innerText(), '20.0 MiB')
    assert.equal(await fileRow().locator('[data-testid="file-pinned"]').innerText(), 'yes')
    await screenshot(page, 'host-files')
  })

  it('shows the upload progress in bytes, percent and speed while it runs', async () => {
    // Slow the requests down so the bar is seen mid-way.
    await page.route(uploadRequests, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400))
      await route.continue()
    })
    const second = 'second.bin'
    writeFileSync(join(files, second), randomBytes(17 * MiB))
    await byTestId('upload-input').setInputFiles(join(files, second))
    const item = page.locator(`[data-testid="upload-item"][data-name="${second}"]`)
    await item.locator('[data-testid="upload-status"]').filter({ hasText: /MiB of 17\.0 MiB · \d+%/ }).waitFor()
    const percent = Number(await item.locator('[data-testid="upload-progress"]').getAttribute('data-percent'))
    assert.ok(percent >= 0 && percent < 100, `mid-way: ${percent}%`)
    await screenshot(page, 'host-files-uploading')
    await page.locator(`[data-testid="upload-item"][data-name="${second}"][data-state="done"]`).waitFor({ timeout: 60_000 })
    await page.unroute(uploadRequests)
  })

  it('a file dropped on the drop zone is uploaded too', async () => {
    const dataTransfer = await page.evaluateHandle(() => {
      const transfer = new DataTransfer()
      transfer.items.add(new File(['dropped, not chosen'], 'dropped.txt', { type: 'text/plain' }))
      return transfer
    })
    const zone = byTestId('upload-drop')
    await zone.dispatchEvent('dragenter', { dataTransfer })
    assert.match(await zone.getAttribute('class') ?? '', /file-drop--over/)
    await zone.dispatchEvent('drop', { dataTransfer })
    await page.locator('[data-testid="upload-item"][data-name="dropped.txt"][data-state="done"]').waitFor()
    await page.locator('[data-testid="file-row"][data-name="dropped.txt"]').waitFor()
  })

  it('Share gives a link with the key after #', async () => {
    await fileRow().locator('[data-testid="file-share"]').click()
    const link = byTestId('share-link')
    await link.waitFor()
    shareLink = await link.inputValue()
    const cid = await fileRow().getAttribute('data-cid')
    assert.equal(shareLink.split('#')[0], `${stack.origin}/f/${cid}`)
    assert.match(shareLink, /#k=[A-Za-z0-9_-]{43}$/)
    await byTestId('share-copy').click()
    await byTestId('share-copied').filter({ hasText: /./ }).waitFor()
    await screenshot(page, 'host-share')
    await byTestId('share-close').click()
    await byTestId('share-dialog').waitFor({ state: 'hidden' })
  })

  it('a visitor with no session downloads it: the page decrypts it and saves the original bytes under the original name', async () => {
    const visitor = await browser.newContext({ acceptDownloads: true })
    const visitorPage = await visitor.newPage()
    const key = shareLink.split('#k=')[1] ?? ''
    const sent: string[] = []
    visitorPage.on('request', (request) => {
      // The page's own address is the link; every request the page itself makes must lack the key.
      if (!request.isNavigationRequest()) sent.push(request.url() + (request.postData() ?? ''))
    })
    const downloaded = visitorPage.waitForEvent('download', { timeout: 120_000 })
    await visitorPage.goto(shareLink)
    const download = await downloaded
    assert.equal(download.suggestedFilename(), name)
    const saved = readFileSync(await download.path())
    assert.equal(saved.length, original.length)
    assert.ok(saved.equals(original), 'the saved file is the original')

    assert.equal(await byTestId('download-name', visitorPage).innerText(), name)
    assert.equal(await byTestId('download-size', visitorPage).innerText(), '20.0 MiB')
    await byTestId('download-save', visitorPage).waitFor()
    assert.match(await byTestId('download-save', visitorPage).innerText(), new RegExp(`Save ${name}`))
    assert.equal(await visitorPage.locator('.site-header').count(), 0, 'no admin navigation')
    assert.ok(!sent.some((entry) => entry.includes(key)), 'the key never left the page')
    await screenshot(visitorPage, 'host-download')
    await visitor.close()
  })

  it('a link with a wrong key says so and offers nothing to save', async () => {
    const key = shareLink.split('#k=')[1] ?? ''
    const wrong = `${shareLink.split('#')[0]}#k=${key.startsWith('A') ? 'B' : 'A'}${key.slice(1)}`
    const { visitor, visitorPage } = await openAsVisitor(wrong)
    let downloads = 0
    visitorPage.on('download', () => { downloads++ })
    await expectProblem(visitorPage, 'WrongKeyError', /key/i)
    assert.equal(downloads, 0)
    await screenshot(visitorPage, 'host-download-wrong-key')
    await visitor.close()
  })

  it('an incomplete link, an unknown CID and a malformed CID each get their own message', async () => {
    const [base = ''] = shareLink.split('#')
    const cases: Array<[string, string, RegExp]> = [
      [base, 'InvalidShareLinkError', /incomplete/i],
      [`${stack.origin}/f/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy#k=${'A'.repeat(43)}`, 'BlockNotFoundError', /not on this node/i],
      [`${stack.origin}/f/nonsense#k=${'A'.repeat(43)}`, 'InvalidShareLinkError', /incomplete/i]
    ]
    for (const [link, errorName, pattern] of cases) {
      const { visitor, visitorPage } = await openAsVisitor(link)
      await expectProblem(visitorPage, errorName, pattern)
      await visitor.close()
    }
  })

  it('a cut-off and a tampered download are refused, with nothing to save', async () => {
    const cut = await browser.newContext({ acceptDownloads: true })
    await cut.route('**/ipfs/**', async (route) => {
      const response = await route.fetch()
      const body = await response.body()
      await route.fulfill({ response, body: body.subarray(0, body.length - 100_000) })
    })
    const cutPage = await cut.newPage()
    await cutPage.goto(shareLink)
    await expectProblem(cutPage, 'TruncatedFileError', /stopped before the end/i)
    await cut.close()

    const tampered = await browser.newContext({ acceptDownloads: true })
    await tampered.route('**/ipfs/**', async (route) => {
      const response = await route.fetch()
      const body = Buffer.from(await response.body())
      body[10 * MiB] = (body[10 * MiB] ?? 0) ^ 0xff
      await route.fulfill({ response, body })
    })
    const tamperedPage = await tampered.newPage()
    await tamperedPage.goto(shareLink)
    await expectProblem(tamperedPage, 'TamperedFileError', /damaged/i)
    await screenshot(tamperedPage, 'host-download-tampered')
    await tampered.close()
  })

  it('a file larger than the free space is refused up front, saying how much is free', async () => {
    const big = join(files, 'too big.bin')
    writeFileSync(big, '')
    truncateSync(big, quotaBytes + MiB)
    await byTestId('upload-input').setInputFiles(big)
    const error = page.locator('[data-testid="upload-item"][data-name="too big.bin"] [data-testid="upload-error"]')
    await error.waitFor()
    assert.equal(await error.getAttribute('data-error-name'), 'QuotaExceededError')
    assert.match(await error.innerText(), /Not enough space on the node: this file needs 65\.0 MiB, .+ is free/)
  })

  it('deleting the file and collecting garbage frees its space on the storage page', async () => {
    await fileRow().locator('[data-testid="file-delete"]').click()
    await byTestId('confirm-accept').click()
    await fileRow().waitFor({ state: 'detached' })

    await byTestId('nav-storage').click()
    await page.waitForURL(/\/storage$/)
    const used = byTestId('storage-used')
    await used.waitFor()
    assert.match(await used.innerText(), /used of 64\.0 MiB/)
    const before = Number(await used.getAttribute('data-used-bytes'))
    assert.ok(before >= 37 * MiB, `both files still count: ${before}`)
    await byTestId('storage-gc').click()
    const result = byTestId('storage-gc-result')
    await result.waitFor()
    assert.ok(Number(await result.getAttribute('data-freed-bytes')) >= 20 * MiB, await result.innerText())
    assert.match(await result.innerText(), /Freed 20\.\d MiB/)
    await page.waitForFunction((limit) => Number(document.querySelector('[data-testid="storage-used"]')?.getAttribute('data-used-bytes')) < limit, before - 19 * MiB)
    await screenshot(page, 'host-storage')
  })

  it('the peers page shows this node\'s peer id and refuses a malformed CID clearly', async () => {
    await byTestId('nav-peers').click()
    await page.waitForURL(/\/peers$/)
    const self = byTestId('peer-self-id')
    await self.waitFor()
    assert.match(await self.innerText(), /^(12D3KooW|Qm)[1-9A-HJ-NP-Za-km-z]{40,}$/)
    await byTestId('fetch-cid').fill('not-a-cid')
    await byTestId('fetch-submit').click()
    const error = byTestId('fetch-error')
    await error.waitFor()
    // pc2-admin checks the CID's shape itself (InvalidInputError); pc2-ipfs would say InvalidCidError.
    assert.match(await error.getAttribute('data-error-name') ?? '', /^(InvalidInputError|InvalidCidError)$/)
    await screenshot(page, 'host-peers')
  })
})
