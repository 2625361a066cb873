import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { createSystemctl } from '../../src/status/systemctl.ts'
import { collectUnits, parseUnitShow } from '../../src/status/units.ts'
import { systemctlShow } from '../fixtures/proc-text.ts'
import { createFixtureSystem, installSystemctl } from '../fixtures/system.ts'

const expected = [
  { name: 'pc2-admin.service', description: 'PC2 admin UI and API', load: 'loaded', active: 'active', sub: 'running', result: 'success', memoryBytes: 23461888 },
  { name: 'pc2-egress.service', description: 'PC2 egress firewall', load: 'loaded', active: 'failed', sub: 'failed', result: 'exit-code', memoryBytes: null },
  { name: 'pc2-apps.service', description: '', load: 'not-found', active: 'inactive', sub: 'dead', result: 'success', memoryBytes: null }
]

describe('units', () => {
  it('parses systemctl show blocks in any property order', () => {
    assert.deepEqual(parseUnitShow(systemctlShow), expected)
  })

  it('skips blocks without an Id', () => {
    assert.deepEqual(parseUnitShow('Description=x\n\n\n'), [])
  })

  it('lists pc2 units through a real systemctl program, sorted by name', async () => {
    const fixture = await createFixtureSystem()
    try {
      const calls = await installSystemctl(fixture)
      const units = await collectUnits(createSystemctl(fixture.paths.systemctl))
      assert.deepEqual(units.map((unit) => unit.name), ['pc2-admin.service', 'pc2-apps.service', 'pc2-egress.service'])
      assert.deepEqual((await readFile(calls, 'utf8')).split('\n'), [
        'list-units --all --plain --no-legend --no-pager pc2-*',
        'show --property=Id,Description,LoadState,ActiveState,SubState,Result,MemoryCurrent -- pc2-admin.service pc2-egress.service pc2-apps.service',
        ''
      ])
    } finally {
      await fixture.remove()
    }
  })

  it('returns no units when systemctl is missing', async () => {
    assert.deepEqual(await collectUnits(createSystemctl('/nonexistent/systemctl')), [])
  })
})
