import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createSystemctl } from '../../src/status/systemctl.ts'
import { createFixtureSystem, installSystemctl } from '../fixtures/system.ts'

describe('createSystemctl', () => {
  it('returns stdout and the exit code, zero or not', async () => {
    const fixture = await createFixtureSystem()
    try {
      await installSystemctl(fixture)
      const systemctl = createSystemctl(fixture.paths.systemctl)
      assert.deepEqual(await systemctl(['is-system-running']), { stdout: 'degraded\n', exitCode: 1 })
      assert.deepEqual(await systemctl(['list-units', '--state=failed']), {
        stdout: 'pc2-egress.service loaded failed failed PC2 egress firewall\n',
        exitCode: 0
      })
    } finally {
      await fixture.remove()
    }
  })

  it('gives up on a systemctl that hangs', async () => {
    const fixture = await createFixtureSystem()
    try {
      await installSystemctl(fixture, 'hang')
      const started = Date.now()
      assert.equal(await createSystemctl(fixture.paths.systemctl, 200)(['is-system-running']), undefined)
      assert.ok(Date.now() - started < 5_000)
    } finally {
      await fixture.remove()
    }
  })

  it('gives undefined for a missing program and rejects when aborted', async () => {
    assert.equal(await createSystemctl('/nonexistent/systemctl')(['is-system-running']), undefined)
    const fixture = await createFixtureSystem()
    try {
      await installSystemctl(fixture, 'hang')
      await assert.rejects(createSystemctl(fixture.paths.systemctl)(['is-system-running'], { signal: AbortSignal.timeout(100) }), { name: 'TimeoutError' })
    } finally {
      await fixture.remove()
    }
  })
})
