import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createLogger } from '@pc2/core'
import { claimCodePattern } from '../../src/auth/claim-code.ts'
import { createClaimCodeKeeper } from '../../src/auth/claim-code-file.ts'

describe('claim code keeper', () => {
  let runtimeDir: string
  const lines: string[] = []
  const logger = createLogger('test', { level: 'debug', write: (line) => lines.push(line) })
  before(async () => { runtimeDir = await mkdtemp(join(tmpdir(), 'pc2-claim-')) })
  after(async () => { await rm(runtimeDir, { recursive: true, force: true }) })

  it('issues a code, writes it for the console banner (world-readable) and logs it', async () => {
    const code = await createClaimCodeKeeper({ runtimeDir, logger }).issue()
    assert.match(code, claimCodePattern)
    assert.equal((await readFile(join(runtimeDir, 'claim-code'), 'utf8')).trim(), code)
    assert.equal((await stat(join(runtimeDir, 'claim-code'))).mode & 0o777, 0o644)
    assert.ok(lines.some((line) => line.startsWith('<5>') && line.includes(code)))
  })

  it('after a service restart in the same boot, keeps the code the console already shows', async () => {
    const shown = (await readFile(join(runtimeDir, 'claim-code'), 'utf8')).trim()
    const restarted = createClaimCodeKeeper({ runtimeDir, logger })
    assert.equal(await restarted.issue(), shown)
    assert.ok(restarted.matches(shown))
  })

  it('replaces a file that does not hold a well-formed code', async () => {
    await writeFile(join(runtimeDir, 'claim-code'), 'not a code\n')
    const code = await createClaimCodeKeeper({ runtimeDir, logger }).issue()
    assert.match(code, claimCodePattern)
    assert.equal((await readFile(join(runtimeDir, 'claim-code'), 'utf8')).trim(), code)
  })

  it('retires the code: the file is gone and nothing matches any more', async () => {
    const keeper = createClaimCodeKeeper({ runtimeDir, logger })
    const code = await keeper.issue()
    await keeper.retire()
    assert.equal(keeper.matches(code), false)
    await assert.rejects(stat(join(runtimeDir, 'claim-code')), { code: 'ENOENT' })
  })
})
