// What waitUntilReady waits for on the console: the banner of overlay/usr/lib/pc2/banner up
// to where it has said whether the node has an owner, however its lines arrive.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BANNER, READY } from '../src/qemu/ready.ts'

const crlf = (text: string): string => text.replaceAll('\n', '\r\n')
const unclaimed = '\nPC2 0.1.0 ready.\n  Admin UI: http://pc2.local/\n            http://10.0.2.15/\n  This node has no owner yet. Claim it in the admin UI with the code:\n\n      K7QM-3XPD\n\n  (a new code is made at every boot until the node is claimed)\n\n'
const claimed = '\nPC2 0.1.0 ready.\n  Admin UI: http://pc2.local/\n            http://10.0.2.15/\n            http://192.168.1.23/\n\n'
const offline = '\nPC2 0.1.0 ready.\n  No network address yet: connect an Ethernet cable with DHCP.\n\n'

describe('the banner waitUntilReady waits for', () => {
  for (const [name, convert] of [['\\n', (text: string) => text], ['\\r\\n (a serial console)', crlf]] as const) {
    it(`is complete once it says whether there is an owner (lines ending ${name})`, () => {
      for (const banner of [unclaimed, claimed, offline]) assert.ok(BANNER.test(convert(banner)), banner)
      assert.match(convert(claimed).match(BANNER)![1]!, /Admin UI: http:\/\/pc2\.local\/\s+http:\/\/10\.0\.2\.15\//)
    })

    it(`is not complete while its lines are still arriving (lines ending ${name})`, () => {
      for (const banner of [unclaimed, claimed, offline]) {
        const text = convert(banner)
        const decided = text.search(/ {2}This node has no owner yet|(\r?\n){2}(?!.)/s)
        // Every prefix that stops before the owner line, or before the blank line that ends
        // a banner without one, leaves the question open.
        for (let end = text.indexOf('ready.'); end < decided; end++) {
          assert.ok(!BANNER.test(text.slice(0, end)), `${JSON.stringify(text.slice(0, end))} was taken for a whole banner`)
        }
        assert.ok(READY.test(text))
      }
    })
  }
})
