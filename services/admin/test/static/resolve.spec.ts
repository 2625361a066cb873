import assert from 'node:assert/strict'
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { resolveUiFile } from '../../src/static/resolve.ts'

describe('resolveUiFile', () => {
  let root = ''
  let ui = ''
  before(async () => {
    root = await realpath(await mkdtemp(join(tmpdir(), 'pc2-ui-')))
    ui = join(root, 'ui')
    await mkdir(join(ui, 'assets'), { recursive: true })
    await writeFile(join(ui, 'index.html'), 'i')
    await writeFile(join(ui, 'assets', 'a b.js'), 'a')
    await writeFile(join(root, 'ui-secret'), 's')
    await symlink(join(root, 'ui-secret'), join(ui, 'out'))
    await symlink(join(ui, 'index.html'), join(ui, 'in'))
  })
  after(async () => { await rm(root, { recursive: true, force: true }) })

  it('finds files, percent-encoded names included', async () => {
    assert.deepEqual(await resolveUiFile(ui, '/index.html'), { kind: 'file', path: join(ui, 'index.html') })
    assert.deepEqual(await resolveUiFile(ui, '/assets/a%20b.js'), { kind: 'file', path: join(ui, 'assets', 'a b.js') })
    assert.deepEqual(await resolveUiFile(ui, '/in'), { kind: 'file', path: join(ui, 'index.html') })
  })

  it('calls directories and absent names missing', async () => {
    for (const path of ['/', '/assets', '/nothing', '/assets/nothing.js']) assert.deepEqual(await resolveUiFile(ui, path), { kind: 'missing' }, path)
    assert.deepEqual(await resolveUiFile(join(root, 'none'), '/index.html'), { kind: 'missing' })
  })

  it('refuses whatever leads outside, however it is spelled', async () => {
    for (const path of ['/..%2fui-secret', '/assets/..%2f..%2fui-secret', '/%2e%2e%2fui-secret', '/..%5cui-secret', '/out', '/%00', '/%zz']) {
      assert.deepEqual(await resolveUiFile(ui, path), { kind: 'refused' }, path)
    }
    // A sibling whose name starts like the UI directory is still outside it.
    assert.deepEqual(await resolveUiFile(ui, '/..%2fui-secret'), { kind: 'refused' })
  })
})
