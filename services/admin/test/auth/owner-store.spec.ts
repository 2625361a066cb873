import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createOwnerStore } from '../../src/auth/owner-store.ts'

const address = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'

describe('owner store', () => {
  let root = ''
  before(async () => { root = await mkdtemp(join(tmpdir(), 'pc2-owner-')) })
  after(async () => { await rm(root, { recursive: true, force: true }) })

  it('is empty without owner.json, and writes it (0600, in a 0700 directory) on claim', async () => {
    const stateDir = join(root, 'a', 'admin')
    const store = createOwnerStore({ stateDir, now: () => Date.parse('2025-02-03T04:05:06.000Z') })
    assert.equal(await store.load(), undefined)
    const record = await store.claim(address.toLowerCase())
    assert.deepEqual(record, { address, claimedAt: '2025-02-03T04:05:06.000Z' })
    assert.deepEqual(store.current(), record)
    assert.deepEqual(JSON.parse(await readFile(join(stateDir, 'owner.json'), 'utf8')), record)
    assert.equal((await stat(join(stateDir, 'owner.json'))).mode & 0o777, 0o600)
    assert.equal((await stat(stateDir)).mode & 0o777, 0o700)
    assert.deepEqual(await createOwnerStore({ stateDir }).load(), record)
  })

  it('lets exactly one of two simultaneous claims win', async () => {
    const store = createOwnerStore({ stateDir: join(root, 'b') })
    await store.load()
    const results = await Promise.allSettled([store.claim(address), store.claim('0x0000000000000000000000000000000000000001')])
    assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1)
    const loser = results.find((result) => result.status === 'rejected')
    assert.equal((loser?.reason as Error).name, 'AlreadyClaimedError')
    assert.equal(store.current()?.address, address)
  })
})
