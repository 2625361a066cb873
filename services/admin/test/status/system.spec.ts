import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createSystemctl } from '../../src/status/systemctl.ts'
import { collectSystem, parseSystemState } from '../../src/status/system.ts'
import { createFixtureSystem, installSystemctl } from '../fixtures/system.ts'

describe('system', () => {
  it('reads the state even though systemctl exits non-zero when degraded', async () => {
    const fixture = await createFixtureSystem()
    try {
      await installSystemctl(fixture)
      assert.deepEqual(await collectSystem(createSystemctl(fixture.paths.systemctl)), {
        state: 'degraded',
        failedUnits: ['pc2-egress.service']
      })
    } finally {
      await fixture.remove()
    }
  })

  it('is unknown with no failed units when there is no systemctl', async () => {
    assert.deepEqual(await collectSystem(createSystemctl('/nonexistent/systemctl')), { state: 'unknown', failedUnits: [] })
  })

  it('knows the states systemd reports', () => {
    assert.equal(parseSystemState('running\n'), 'running')
    assert.equal(parseSystemState('starting\n'), 'starting')
    assert.equal(parseSystemState('offline\n'), 'offline')
    assert.equal(parseSystemState('exploding\n'), 'unknown')
    assert.equal(parseSystemState(''), 'unknown')
  })
})
