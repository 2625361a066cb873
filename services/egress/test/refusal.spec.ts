// What happens when nftables refuses a change: the previous rules stay, the allowlist on disk
// stays, and the owner gets nft's own words. nft itself is replaced by one that refuses on cue.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { defaultSettings, RulesetRefusedError } from '@pc2/core'
import { egress } from '../src/index.ts'
import type { Nft } from '../src/nft/nft.ts'
import { addDestination } from '../src/rules/add-destination.ts'

const quiet = { debug () {}, info () {}, notice () {}, warning () {}, error () {} } as any

describe('a change nftables refuses', () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-egress-refusal-'))
  after(() => { rmSync(directory, { recursive: true, force: true }) })

  it('leaves the rules in force and the allowlist as they were', async () => {
    const applied: string[] = []
    let refuse = false
    const nft: Nft = {
      async check (ruleset) { if (refuse && ruleset.includes('9999')) throw new RulesetRefusedError('nftables refused the ruleset; the previous rules stay in force: Error: Could not process rule', { details: { nft: ['Error: Could not process rule'] } }) },
      async apply (ruleset) { applied.push(ruleset) },
      async list () { return '' }
    }
    const service = egress({
      stateDir: join(directory, 'state'),
      socketPath: join(directory, 'api.sock'),
      loadSettings: async () => defaultSettings(),
      nft,
      nflog: false,
      cgroups: { root: join(directory, 'no-cgroups'), slice: 'system.slice', level: 2 }
    })({ logger: quiet })
    await service.start()
    try {
      assert.equal(applied.length, 1)
      assert.equal((await addDestination(service.context, 'pc2-shop', { host: '10.0.0.7', protocol: 'tcp', ports: { from: 443, to: 443 } })).added, true)
      const rulesBefore = service.context.rules.text
      const fileBefore = readFileSync(join(directory, 'state', 'allow.json'), 'utf8')
      refuse = true
      await assert.rejects(addDestination(service.context, 'pc2-shop', { host: '10.0.0.8', protocol: 'tcp', ports: { from: 9999, to: 9999 } }), (error: any) => error.name === 'RulesetRefusedError' && error.details.nft[0] === 'Error: Could not process rule')
      assert.equal(service.context.rules.text, rulesBefore)
      assert.equal(readFileSync(join(directory, 'state', 'allow.json'), 'utf8'), fileBefore)
      assert.deepEqual(service.context.saved.units['pc2-shop']?.map((destination) => destination.host), ['10.0.0.7'])
      assert.equal(applied.at(-1), rulesBefore)
    } finally {
      await service.stop()
    }
    assert.ok(existsSync(join(directory, 'state', 'blocked.json')) === false, 'nothing refused, nothing recorded')
  })
})
