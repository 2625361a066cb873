// The root side of reboot/power-off: overlay/usr/lib/pc2/power-request, run for real with
// its paths pointed into a temp directory and a systemctl stand-in that records its calls.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const script = fileURLToPath(new URL('../../../overlay/usr/lib/pc2/power-request', import.meta.url))

interface Run { code: number, stdout: string, stderr: string, calls: string[] }

describe('overlay power-request script', () => {
  let dir = ''
  let request = ''
  let systemctl = ''
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc2-power-'))
    request = join(dir, 'power-request')
    systemctl = join(dir, 'systemctl')
    await writeFile(systemctl, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${dir}/systemctl.calls'\n`)
    await chmod(systemctl, 0o755)
  })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  const run = async (): Promise<Run> => {
    await rm(join(dir, 'systemctl.calls'), { force: true })
    const { code, stdout, stderr } = await new Promise<{ code: number, stdout: string, stderr: string }>((resolve) => {
      execFile('/bin/sh', [script], { env: { PATH: process.env.PATH ?? '', PC2_POWER_REQUEST: request, PC2_SYSTEMCTL: systemctl } }, (error, out, err) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout: out, stderr: err })
      })
    })
    const calls = (await readFile(join(dir, 'systemctl.calls'), 'utf8').catch(() => '')).split('\n').filter((line) => line !== '')
    return { code, stdout, stderr, calls }
  }
  const gone = async (path: string): Promise<void> => { await assert.rejects(stat(path), { code: 'ENOENT' }) }

  for (const word of ['reboot', 'poweroff']) {
    it(`asks systemd for ${word} and deletes the request`, async () => {
      await writeFile(request, `${word}\n`)
      const result = await run()
      assert.equal(result.code, 0, result.stderr)
      assert.deepEqual(result.calls, [`--no-block ${word}`])
      assert.equal(result.stdout, `<5>pc2-power: ${word} requested through the admin UI\n`)
      await gone(request)
    })
  }

  it('refuses any other content without acting or echoing it, and deletes it', async () => {
    for (const content of ['halt\n', 'reboot now\n', 'reboot\npoweroff\n', 'rebootrebootreboot', '', 'REBOOT']) {
      await writeFile(request, content)
      const result = await run()
      assert.equal(result.code, 1, JSON.stringify(content))
      assert.deepEqual(result.calls, [])
      assert.equal(result.stderr, '<3>pc2-power: the power request holds neither reboot nor poweroff; ignored\n')
      await gone(request)
    }
  })

  it('refuses a symlink (without touching its target) and a directory', async () => {
    const target = join(dir, 'precious')
    await writeFile(target, 'reboot\n')
    await symlink(target, request)
    let result = await run()
    assert.equal(result.code, 1)
    assert.match(result.stderr, /not a regular file/)
    assert.deepEqual(result.calls, [])
    await gone(request)
    assert.equal(await readFile(target, 'utf8'), 'reboot\n')

    await mkdir(request)
    await writeFile(join(request, 'x'), 'reboot')
    result = await run()
    assert.equal(result.code, 1)
    assert.deepEqual(result.calls, [])
    await gone(request)
  })

  it('does nothing when there is no request', async () => {
    const result = await run()
    assert.equal(result.code, 0)
    assert.deepEqual(result.calls, [])
    assert.match(result.stdout, /no power request/)
  })
})
