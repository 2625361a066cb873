// The record directory: written through atomically, read back after a restart, temporaries
// left by a power cut removed, and concurrent saves of one id end as the latest state.
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { openCursor } from '../../src/store/cursor.ts'
import { openJsonDir } from '../../src/store/json-dir.ts'

const root = mkdtempSync(join(tmpdir(), 'pc2-shop-store-'))
after(() => { rmSync(root, { recursive: true, force: true }) })

describe('json-dir', () => {
  it('keeps records across a reopen and forgets removed ones', async () => {
    const directory = join(root, 'reopen')
    const first = await openJsonDir<{ n: number }>(directory)
    await first.save('1', { n: 1 })
    await first.save('2', { n: 2 })
    await first.remove('2')
    const second = await openJsonDir<{ n: number }>(directory)
    assert.deepEqual(second.values(), [{ n: 1 }])
    assert.equal(second.get('2'), undefined)
  })

  it('ends with the latest of many saves of one id, whatever order their writes finish in', async () => {
    const directory = join(root, 'latest')
    const records = await openJsonDir<{ n: number }>(directory)
    await Promise.all(Array.from({ length: 20 }, async (_, n) => { await records.save('7', { n }) }))
    assert.deepEqual(JSON.parse(readFileSync(join(directory, '7.json'), 'utf8')), { n: 19 })
  })

  it('removes a temporary left by a power cut and keeps the record it was replacing', async () => {
    const directory = join(root, 'power-cut')
    const records = await openJsonDir<{ n: number }>(directory)
    await records.save('3', { n: 3 })
    writeFileSync(join(directory, '.3.json.1234.tmp'), '{"n": 4')
    const reopened = await openJsonDir<{ n: number }>(directory)
    assert.deepEqual(reopened.get('3'), { n: 3 })
    assert.deepEqual(readdirSync(directory), ['3.json'])
  })
})

describe('cursor', () => {
  it('starts empty, then returns what was last set, also after a reopen', async () => {
    const directory = join(root, 'cursor')
    const cursor = await openCursor(directory)
    assert.equal(cursor.get(), undefined)
    await cursor.set({ blockNumber: 12, blockHash: '0xab' })
    await cursor.set({ blockNumber: 13, blockHash: '0xcd' })
    assert.deepEqual((await openCursor(directory)).get(), { blockNumber: 13, blockHash: '0xcd' })
  })
})
