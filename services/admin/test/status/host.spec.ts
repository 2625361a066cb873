import assert from 'node:assert/strict'
import { rm, writeFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { collectHost, parseUptime } from '../../src/status/host.ts'
import { bootId, createFixtureSystem, machineId } from '../fixtures/system.ts'

describe('collectHost', () => {
  it('reads uptime, boot id and machine id', async () => {
    const fixture = await createFixtureSystem()
    try {
      assert.deepEqual(await collectHost(fixture.paths), { uptimeSeconds: 1234.56, bootId, machineId })
    } finally {
      await fixture.remove()
    }
  })

  it('gives a null machine id when the file is missing or not settled yet', async () => {
    const fixture = await createFixtureSystem()
    try {
      await writeFile(fixture.paths.machineId, 'uninitialized\n')
      assert.equal((await collectHost(fixture.paths)).machineId, null)
      await rm(fixture.paths.machineId)
      assert.equal((await collectHost(fixture.paths)).machineId, null)
    } finally {
      await fixture.remove()
    }
  })

  it('parses /proc/uptime and refuses nonsense', () => {
    assert.equal(parseUptime('5.01 9.87\n'), 5.01)
    assert.throws(() => parseUptime('soon'))
  })
})
