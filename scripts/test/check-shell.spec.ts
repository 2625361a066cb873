// scripts/check-shell finds the shell scripts by what they are: every sh/bash shebang (the
// initramfs's busybox one included) and every sourced library, and nothing else.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const checkShell = fileURLToPath(new URL('../check-shell', import.meta.url))

describe('scripts/check-shell --list', () => {
  it('lists scripts with a shell shebang and the sourced libraries, and nothing that is no shell', async () => {
    const listed = (await promisify(execFile)('bash', [checkShell, '--list'])).stdout.trimEnd().split('\n')
    for (const script of ['scripts/build-image', 'scripts/test-all', 'test-qemu/run', 'test-qemu/arm64/run', '.ci/run',
      'scripts/initramfs/init', 'overlay/usr/lib/pc2/banner', 'scripts/lib/common.sh', 'scripts/image/disk.sh', 'scripts/initramfs/build.sh']) {
      assert.ok(listed.includes(script), `${script} is checked`)
    }
    for (const file of listed) assert.doesNotMatch(file, /\.(ts|mjs|json|md|service|conf)$/, `${file} is no shell script`)
    assert.equal(new Set(listed).size, listed.length)
  })
})
