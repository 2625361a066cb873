import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseMountInfo } from '../../src/status/mountinfo.ts'
import { collectRoot } from '../../src/status/root.ts'
import { applianceMountInfo, rootHash } from '../fixtures/proc-text.ts'
import { createFixtureSystem } from '../fixtures/system.ts'

describe('collectRoot', () => {
  it('describes the verified read-only root', async () => {
    const fixture = await createFixtureSystem()
    try {
      const root = await collectRoot(parseMountInfo(applianceMountInfo('/data')), fixture.paths)
      assert.deepEqual(root, {
        source: '/dev/mapper/pc2-root',
        fsType: 'squashfs',
        readOnly: true,
        verity: { enabled: true, device: 'dm-0', name: 'pc2-root', rootHash }
      })
    } finally {
      await fixture.remove()
    }
  })

  it('fails with UnavailableError when mountinfo has no root', async () => {
    await assert.rejects(collectRoot([], { sysDevBlock: '/nonexistent', cmdline: '/nonexistent' }), { name: 'UnavailableError' })
  })
})
