// Reading the claim code waits for the console to print it: the node answers HTTP, and even
// shows its ready line, before the banner's claim code reaches the serial console.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { claimCodeFromConsole } from '../src/owner.ts'
import { fakeConsole } from './fake-console.ts'

const banner = (code: string): string =>
  `  This node has no owner yet. Claim it in the admin UI with the code:\r\n\r\n      ${code}\r\n\r\n`

describe('claimCodeFromConsole', () => {
  it('waits for a code the node prints after the read began', async () => {
    const console = fakeConsole('PC2 0.1.0 ready.\r\n  Admin UI: http://pc2.local/\r\n')
    console.printLater(banner('K7QM-3XPD'), 700)
    const started = Date.now()
    assert.equal(await claimCodeFromConsole(console, { timeoutMs: 10_000 }), 'K7QM-3XPD')
    assert.ok(Date.now() - started >= 600, 'it returned only once the code was there')
    assert.ok(console.reads > 1, 'it read the console again while waiting')
  })

  it('fails when the code never comes, naming what it waited for and quoting the console', async () => {
    const console = fakeConsole('PC2 0.1.0 ready.\r\n  Admin UI: http://pc2.local/\r\n')
    const started = Date.now()
    await assert.rejects(claimCodeFromConsole(console, { timeoutMs: 1200 }), (error: Error) => {
      assert.equal(error.name, 'ConsoleTimeoutError')
      assert.match(error.message, /did not show \/Claim it in the admin UI with the code:.* within 1\.2s/)
      assert.match(error.message, /last lines:\n.*Admin UI: http:\/\/pc2\.local\//s)
      return true
    })
    const waited = Date.now() - started
    assert.ok(waited >= 1100 && waited < 5000, `waited ${waited} ms`)
  })

  it('takes the most recent code, counting only what came after `from`', async () => {
    const earlier = `boot 1\r\n${banner('AAAA-BBBB')}`
    const console = fakeConsole(`${earlier}boot 2\r\n${banner('CCCC-DDDD')}`)
    assert.equal(await claimCodeFromConsole(console, { timeoutMs: 1000 }), 'CCCC-DDDD')
    const rebooting = fakeConsole(earlier)
    rebooting.printLater(`boot 2\r\n${banner('EEEE-FFFF')}`, 500)
    assert.equal(await claimCodeFromConsole(rebooting, { timeoutMs: 10_000, from: earlier.length }), 'EEEE-FFFF')
  })

  it('fails at once when the guest stops before printing a code', async () => {
    const console = fakeConsole('PC2 0.1.0 ready.\r\n')
    console.stop('QEMU exited with 1')
    const started = Date.now()
    await assert.rejects(claimCodeFromConsole(console, { timeoutMs: 60_000 }), (error: Error) => {
      assert.equal(error.name, 'ConsoleStoppedError')
      assert.match(error.message, /before QEMU exited with 1; last lines:\nPC2 0\.1\.0 ready\./)
      return true
    })
    assert.ok(Date.now() - started < 5000)
  })
})
