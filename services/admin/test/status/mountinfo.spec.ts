import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { containingMount, findMount, isReadOnly, parseMountInfo } from '../../src/status/mountinfo.ts'
import { applianceMountInfo } from '../fixtures/proc-text.ts'

describe('mountinfo', () => {
  const mounts = parseMountInfo(applianceMountInfo('/data'))

  it('parses every line, whatever the number of optional fields', () => {
    assert.equal(mounts.length, 11)
    assert.deepEqual(mounts[1], {
      mountId: 19,
      parentId: 1,
      majorMinor: '253:0',
      root: '/',
      mountPoint: '/',
      options: ['ro', 'relatime'],
      fsType: 'squashfs',
      source: '/dev/mapper/pc2-root',
      superOptions: ['ro', 'errors=continue']
    })
    assert.equal(mounts[0]?.fsType, 'rootfs')
  })

  it('takes the last mount at a point, because it covers the earlier ones', () => {
    assert.equal(findMount(mounts, '/')?.source, '/dev/mapper/pc2-root')
    assert.equal(findMount(mounts, '/data')?.source, '/dev/vda4')
    assert.equal(findMount(mounts, '/data/ipfs'), undefined)
  })

  it('decodes octal escapes in paths', () => {
    assert.equal(findMount(mounts, '/media/my stick')?.fsType, 'vfat')
  })

  it('finds the filesystem holding a path', () => {
    assert.equal(containingMount(mounts, '/data/ipfs/blocks')?.mountPoint, '/data')
    assert.equal(containingMount(mounts, '/database')?.mountPoint, '/')
    assert.equal(containingMount(mounts, '/tmp')?.fsType, 'tmpfs')
  })

  it('sees read-only in the mount or the superblock options', () => {
    assert.equal(isReadOnly(findMount(mounts, '/')!), true)
    assert.equal(isReadOnly(findMount(mounts, '/data')!), false)
    const superOnly = parseMountInfo('40 19 7:0 / /snap rw,relatime - squashfs /dev/loop0 ro\n')[0]!
    assert.equal(isReadOnly(superOnly), true)
  })

  it('skips lines it cannot read', () => {
    assert.deepEqual(parseMountInfo('garbage\n\n1 2 3\n'), [])
  })
})
