import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createLogger } from '@pc2/core'
import { vault } from '../src/index.ts'
import { cids, metadata, randomKey, send } from './fixtures/vault.ts'

describe('node key', () => {
  let root = ''
  let stateDir = ''
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-vault-key-'))
    stateDir = join(root, 'state')
  })
  after(async () => { await rm(root, { recursive: true, force: true }) })
  const service = (): ReturnType<ReturnType<typeof vault>> => vault({ stateDir, socketPath: join(root, 'api.sock') })({ logger: createLogger('pc2-vault', { write: () => {} }) })

  it('is made on the first start: 32 bytes, mode 0600, in a 0700 directory', async () => {
    const first = service()
    await first.start()
    await send(first.socketPath, 'PUT', `/files/${cids.a}`, { json: { key: randomKey(), metadata } })
    await first.stop()
    const key = await readFile(join(stateDir, 'node.key'))
    assert.equal(key.byteLength, 32)
    assert.equal((await stat(join(stateDir, 'node.key'))).mode & 0o777, 0o600)
    assert.equal((await stat(stateDir)).mode & 0o777, 0o700)
    assert.equal((await stat(join(stateDir, 'files'))).mode & 0o777, 0o700)
  })

  it('is never replaced by a new one while records wrapped under it exist', async () => {
    const key = await readFile(join(stateDir, 'node.key'))
    await rm(join(stateDir, 'node.key'))
    await assert.rejects(service().start(), { name: 'VaultCorruptError', message: /node\.key is missing, but identity\.json, 1 file record are wrapped under it/ })
    await writeFile(join(stateDir, 'node.key'), key.subarray(0, 16))
    await assert.rejects(service().start(), { name: 'VaultCorruptError', message: /16 bytes, not 32/ })
    await writeFile(join(stateDir, 'node.key'), key)
    const restored = service()
    await restored.start()
    assert.equal((await send(restored.socketPath, 'GET', `/files/${cids.a}`)).status, 200)
    await restored.stop()
  })
})
