import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseRootHash, readVerity } from '../../src/status/verity.ts'
import { rootHash } from '../fixtures/proc-text.ts'
import { createFixtureSystem } from '../fixtures/system.ts'

describe('verity', () => {
  it('reports an active verity root with its device, name and hash', async () => {
    const fixture = await createFixtureSystem()
    try {
      assert.deepEqual(await readVerity('253:0', fixture.paths), { enabled: true, device: 'dm-0', name: 'pc2-root', rootHash })
    } finally {
      await fixture.remove()
    }
  })

  it('is not fooled by a device-mapper device that is not verity', async () => {
    const fixture = await createFixtureSystem({ verity: false })
    try {
      assert.deepEqual(await readVerity('253:0', fixture.paths), { enabled: false, device: null, name: null, rootHash: null })
    } finally {
      await fixture.remove()
    }
  })

  it('reports no verity when sysfs knows nothing of the device', async () => {
    const fixture = await createFixtureSystem()
    try {
      assert.deepEqual(await readVerity('254:2', fixture.paths), { enabled: false, device: null, name: null, rootHash: null })
    } finally {
      await fixture.remove()
    }
  })

  it('reads the root hash from the kernel command line', () => {
    assert.equal(parseRootHash(`quiet pc2.roothash=${rootHash.toUpperCase()} ro`), rootHash)
    assert.equal(parseRootHash('roothash=abc123 quiet'), 'abc123')
    assert.equal(parseRootHash('roothash=111 pc2.roothash=222'), '222')
    assert.equal(parseRootHash('quiet ro'), null)
    assert.equal(parseRootHash('pc2.roothash=not-hex'), null)
    assert.equal(parseRootHash('pc2.roothash='), null)
  })
})
