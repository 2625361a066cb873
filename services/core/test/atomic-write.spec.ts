import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { writeFileAtomic } from '../src/index.ts'

describe('writeFileAtomic', () => {
  let dir = ''
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'pc2-atomic-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('creates a file and replaces it, leaving no temporary files', async () => {
    const path = join(dir, 'settings.json')
    await writeFileAtomic(path, '{"a":1}')
    assert.equal(await readFile(path, 'utf8'), '{"a":1}')
    await writeFileAtomic(path, new TextEncoder().encode('{"a":2}'))
    assert.equal(await readFile(path, 'utf8'), '{"a":2}')
    assert.deepEqual(await readdir(dir), ['settings.json'])
  })

  it('applies the requested mode', async () => {
    const path = join(dir, 'secret')
    await writeFileAtomic(path, 'k', { mode: 0o600 })
    assert.equal((await stat(path)).mode & 0o777, 0o600)
  })

  it('applies the mode exactly, whatever the umask (the units run with 0077)', async () => {
    const previous = process.umask(0o077)
    try {
      const path = join(dir, 'shared')
      await writeFileAtomic(path, 'for everyone')
      assert.equal((await stat(path)).mode & 0o777, 0o644)
      await writeFileAtomic(path, 'still', { mode: 0o640 })
      assert.equal((await stat(path)).mode & 0o777, 0o640)
    } finally {
      process.umask(previous)
    }
  })

  it('leaves the old content and no temporary file when the write cannot finish', async () => {
    const path = join(dir, 'kept')
    await writeFile(path, 'old')
    const controller = new AbortController()
    controller.abort()
    await assert.rejects(writeFileAtomic(path, 'new', { signal: controller.signal }), { name: 'AbortError' })
    assert.equal(await readFile(path, 'utf8'), 'old')
    await assert.rejects(writeFileAtomic(join(dir, 'missing-dir', 'x'), 'new'), { code: 'ENOENT' })
    const names = await readdir(dir)
    assert.ok(names.every((name) => !name.endsWith('.tmp')), names.join(' '))
  })

  it('never lets concurrent writers produce a mix', async () => {
    const path = join(dir, 'contested')
    const contents = Array.from({ length: 20 }, (_, index) => String(index).repeat(10_000))
    await Promise.all(contents.map(async (content) => { await writeFileAtomic(path, content) }))
    assert.ok(contents.includes(await readFile(path, 'utf8')))
    assert.ok((await readdir(dir)).every((name) => !name.endsWith('.tmp')))
  })
})
