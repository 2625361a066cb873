import assert from 'node:assert/strict'
import { statfs } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { collectData } from '../../src/status/data.ts'
import { parseMountInfo } from '../../src/status/mountinfo.ts'
import { createFixtureSystem } from '../fixtures/system.ts'

describe('collectData', () => {
  it('reports a mounted data partition with real statfs figures', async () => {
    const fixture = await createFixtureSystem()
    try {
      const mounts = parseMountInfo(`19 1 253:0 / / ro - squashfs /dev/mapper/pc2-root ro\n31 19 254:4 / ${fixture.paths.dataDir} rw,noatime - ext4 /dev/vda4 rw\n`)
      const data = await collectData(mounts, fixture.paths.dataDir)
      const figures = await statfs(fixture.paths.dataDir)
      assert.deepEqual({ ...data, freeBytes: 0, availableBytes: 0 }, {
        path: fixture.paths.dataDir,
        mounted: true,
        source: '/dev/vda4',
        fsType: 'ext4',
        volatile: false,
        totalBytes: figures.blocks * figures.bsize,
        freeBytes: 0,
        availableBytes: 0
      })
      assert.ok(data.totalBytes > 0)
      assert.ok(data.freeBytes >= data.availableBytes && data.availableBytes > 0)
    } finally {
      await fixture.remove()
    }
  })

  it('says so when /data is not mounted and writes would land on a tmpfs', async () => {
    const fixture = await createFixtureSystem()
    try {
      const mounts = parseMountInfo(`19 1 253:0 / / ro - squashfs /dev/mapper/pc2-root ro\n40 19 0:30 / ${fixture.root} rw - tmpfs tmpfs rw\n`)
      const data = await collectData(mounts, fixture.paths.dataDir)
      assert.equal(data.mounted, false)
      assert.equal(data.fsType, 'tmpfs')
      assert.equal(data.source, 'tmpfs')
      assert.equal(data.volatile, true)
      assert.ok(data.totalBytes > 0)
    } finally {
      await fixture.remove()
    }
  })

  it('measures the nearest existing parent of a data directory that does not exist', async () => {
    const fixture = await createFixtureSystem()
    try {
      const missing = join(fixture.paths.dataDir, 'not', 'yet')
      const mounts = parseMountInfo(`31 19 254:4 / ${fixture.paths.dataDir} rw - ext4 /dev/vda4 rw\n`)
      const data = await collectData(mounts, missing)
      assert.equal(data.path, missing)
      assert.equal(data.mounted, false)
      assert.equal(data.source, '/dev/vda4')
      assert.ok(data.totalBytes > 0)
    } finally {
      await fixture.remove()
    }
  })
})
