import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { osReleaseQuote, shellQuote } from '../image-config.ts'

const run = promisify(execFile)
const cli = fileURLToPath(new URL('../image-config.ts', import.meta.url))
const repoConfig = fileURLToPath(new URL('../../image.config', import.meta.url))

interface Result { code: number, stdout: string, stderr: string }

async function imageConfig (...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args])
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number, stdout: string, stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

async function bash (script: string, ...args: string[]): Promise<string> {
  return (await run('bash', ['-c', script, 'bash', ...args])).stdout
}

describe('scripts/image-config.ts', () => {
  let dir = ''
  let original = ''
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc2-image-config-cli-'))
    original = await readFile(repoConfig, 'utf8')
  })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  /** The repository's file with the line for `key` replaced (or appended when absent). */
  async function variant (name: string, key: string, line: string): Promise<{ file: string, lineNumber: number }> {
    const lines = original.split('\n')
    let index = lines.findIndex((current) => current.startsWith(`${key}=`))
    if (index === -1) index = lines.push('') - 1
    lines[index] = line
    const file = join(dir, name)
    await writeFile(file, lines.join('\n'))
    return { file, lineNumber: index + 1 }
  }

  it('accepts the repository image.config silently', async () => {
    assert.deepEqual(await imageConfig('check'), { code: 0, stdout: '', stderr: '' })
    assert.deepEqual(await imageConfig('check', repoConfig), { code: 0, stdout: '', stderr: '' })
  })

  const bad: Array<[string, string, string, RegExp]> = [
    ['unknown key', 'PC2_FOO', 'PC2_FOO=1', /PC2_FOO: unknown key \(known keys: /],
    ['bad value', 'PC2_CONSOLE', 'PC2_CONSOLE="of"', /PC2_CONSOLE: "of" is not valid; expected one of: off, debug$/m],
    ['command substitution', 'PC2_NAME', 'PC2_NAME=$(rm -rf /)', /PC2_NAME: .*never allows/],
    ['quoted expansion', 'PC2_NAME', 'PC2_NAME="$(id)"', /PC2_NAME: .*never allows/],
    ['unquoted value with spaces', 'PC2_NAME', 'PC2_NAME=My Shop', /PC2_NAME: .*unquoted value with spaces/],
    ['out-of-range number', 'PC2_ROOT_MIB', 'PC2_ROOT_MIB=99999', /PC2_ROOT_MIB: "99999" is not valid; expected an integer from 128 to 8192/],
    ['unknown target', 'PC2_TARGETS', 'PC2_TARGETS="x86_64 sparc"', /PC2_TARGETS: "x86_64 sparc" is not valid/]
  ]
  for (const [what, key, line, pattern] of bad) {
    it(`rejects ${what} with exit 2, naming the line and key`, async () => {
      const { file, lineNumber } = await variant(`${key}-${what.replaceAll(' ', '-')}.config`, key, line)
      const commands = ['check', 'shell', 'os-release']
      const results = await Promise.all(commands.map(async (command) => await imageConfig(command, file)))
      for (const [index, result] of results.entries()) {
        const command = commands[index]
        assert.equal(result.code, 2, command)
        assert.equal(result.stdout, '', command)
        assert.ok(result.stderr.startsWith(`image-config: ${file}:${lineNumber}: ${key}: `), result.stderr)
        assert.match(result.stderr, pattern)
      }
    })
  }

  it('rejects a missing key, naming it', async () => {
    const { file } = await variant('missing.config', 'PC2_VERSION', '')
    const result = await imageConfig('check', file)
    assert.equal(result.code, 2)
    assert.equal(result.stderr, `image-config: ${file}: PC2_VERSION: missing; expected a version like 1.2.3 or 1.2.3-rc.1\n`)
  })

  it('rejects a duplicate key, naming both lines', async () => {
    const file = join(dir, 'duplicate.config')
    await writeFile(file, `${original}\nPC2_HOSTNAME=other\n`)
    const lineNumber = original.split('\n').length + 1
    const first = original.split('\n').findIndex((line) => line.startsWith('PC2_HOSTNAME=')) + 1
    const result = await imageConfig('check', file)
    assert.equal(result.code, 2)
    assert.equal(result.stderr, `image-config: ${file}:${lineNumber}: PC2_HOSTNAME: duplicate key (first set on line ${first})\n`)
  })

  it('reports every problem, one stderr line each', async () => {
    const file = join(dir, 'many.config')
    await writeFile(file, `${original}\nPC2_FOO=1\nPC2_BAR=2\n`)
    const result = await imageConfig('check', file)
    assert.equal(result.code, 2)
    assert.equal(result.stderr.trimEnd().split('\n').length, 2)
  })

  it('refuses a file that does not exist and bad usage, with exit 2', async () => {
    const missing = await imageConfig('check', join(dir, 'nope.config'))
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /^image-config: .*nope\.config: cannot read image config/)
    assert.equal((await imageConfig('frobnicate')).code, 2)
    assert.equal((await imageConfig()).code, 2)
    assert.equal((await imageConfig('docs', 'extra')).code, 2)
  })

  it('prints shell assignments that survive eval, whatever the quotes in a value', async () => {
    const name = "Tom's Shop & <Co> *"
    const { file } = await variant('quotes.config', 'PC2_NAME', `PC2_NAME="${name}"`)
    const result = await imageConfig('shell', file)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^PC2_NAME='Tom'\\''s Shop & <Co> \*'$/m)
    assert.match(result.stdout, /^PC2_ESP_MIB='96'$/m)
    assert.equal(result.stdout.trimEnd().split('\n').length, 15)
    const evaluated = await bash(`eval "$(${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} shell "$1")"; printf %s "$PC2_NAME"`, file)
    assert.equal(evaluated, name)
  })

  it('prints what bash itself gets from sourcing the file, so the file really is safe to source', async () => {
    const script = 'set -e; . "$1"; for k in PC2_NAME PC2_TARGETS PC2_OUTPUTS PC2_ADMIN_PORT PC2_KERNEL_CMDLINE; do printf "%s=%s\\n" "$k" "${!k}"; done'
    const sourced = await bash(script, repoConfig)
    const shell = await imageConfig('shell')
    const evaluated = await bash(`eval "$2"; ${script.replace('. "$1"; ', '')}`, repoConfig, shell.stdout)
    assert.equal(evaluated, sourced)
  })

  it('prints os-release fields that a shell reads back exactly', async () => {
    const { file } = await variant('release.config', 'PC2_NAME', 'PC2_NAME="PC2 \'Home\' Edition"')
    const result = await imageConfig('os-release', file)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^ID=pc2$/m)
    assert.match(result.stdout, /^ID_LIKE=debian$/m)
    assert.match(result.stdout, /^VERSION_ID=0\.1\.0$/m)
    assert.match(result.stdout, /^IMAGE_ID=pc2$/m)
    assert.match(result.stdout, /^IMAGE_VERSION=0\.1\.0$/m)
    assert.match(result.stdout, /^VARIANT_ID=production$/m)
    assert.doesNotMatch(result.stdout, /HOME_URL/)
    const read = await bash('eval "$1"; printf "%s|%s" "$NAME" "$PRETTY_NAME"', result.stdout)
    assert.equal(read, "PC2 'Home' Edition|PC2 'Home' Edition 0.1.0")
    assert.match((await imageConfig('os-release')).stdout, /^PRETTY_NAME="PC2 0\.1\.0"$/m)
  })

  it('quotes for the shell and for os-release', () => {
    assert.equal(shellQuote(''), "''")
    assert.equal(shellQuote("a'b"), "'a'\\''b'")
    assert.equal(osReleaseQuote('pc2'), 'pc2')
    assert.equal(osReleaseQuote('a b'), '"a b"')
    assert.equal(osReleaseQuote('a"$`\\'), '"a\\"\\$\\`\\\\"')
  })

  it('documents every key from the schema as a Markdown table', async () => {
    const result = await imageConfig('docs')
    assert.equal(result.code, 0)
    const lines = result.stdout.trimEnd().split('\n')
    assert.equal(lines[0], '| Key | Expected | Meaning |')
    assert.equal(lines.length, 2 + 15)
    for (const key of original.match(/^PC2_[A-Z_]+(?==)/gm) ?? []) assert.ok(result.stdout.includes(`| \`${key}\` |`), key)
  })
})

describe('scripts/image-config.ts target-shell', () => {
  /** A target's PC2_TARGET_* variables as bash sees them after eval. */
  async function evaluated (target: string): Promise<Record<string, string>> {
    const printed = await bash(`eval "$(${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} target-shell "$1")"; for k in \${!PC2_TARGET@}; do printf '%s=%s\\n' "$k" "\${!k}"; done`, target)
    return Object.fromEntries(printed.trimEnd().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]))
  }

  it('exports the same variables for every target, each set, so set -u scripts can read any', async () => {
    const [x86, arm, pi] = await Promise.all(['x86_64', 'aarch64', 'rpi'].map(evaluated))
    assert.deepEqual(Object.keys(arm!).sort(), Object.keys(x86!).sort())
    assert.deepEqual(Object.keys(pi!).sort(), Object.keys(x86!).sort())
    assert.equal(Object.keys(x86!).length, (await imageConfig('target-shell', 'x86_64')).stdout.trimEnd().split('\n').length)
  })

  it('gives the PC its UEFI names, serial console, GPT types and the ISO', async () => {
    const x86 = await evaluated('x86_64')
    assert.equal(x86.PC2_TARGET_ARCH, 'x86_64')
    assert.equal(x86.PC2_TARGET_DEBIAN_ARCH, 'amd64')
    assert.equal(x86.PC2_TARGET_EFI_ARCH, 'x64')
    assert.equal(x86.PC2_TARGET_CONSOLES, 'console=tty0 console=ttyS0,115200')
    assert.equal(x86.PC2_TARGET_PARTITION_TABLE, 'gpt')
    assert.equal(x86.PC2_TARGET_ROOT_PARTITION_TYPE, '4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709')
    assert.equal(x86.PC2_TARGET_OUTPUTS, 'disk iso')
    assert.equal(x86.PC2_TARGET_FILE_SUFFIX, 'x86_64')
    assert.equal(x86.PC2_TARGET_ENTRY_SUFFIX, '')
    assert.equal(x86.PC2_TARGET_BASE_COMPONENTS, 'main')
    assert.equal(x86.PC2_TARGET_BASE_BOOT_PARTITION_PACKAGES, '')
    assert.equal(x86.PC2_TARGET_PI_FIRMWARE, '')
  })

  it('gives the Pi card its MBR types, mini UART console and firmware, and the arm64 base the firmware package', async () => {
    const [arm, pi] = await Promise.all(['aarch64', 'rpi'].map(evaluated))
    assert.equal(pi!.PC2_TARGET_ARCH, 'aarch64')
    assert.equal(pi!.PC2_TARGET_DEBIAN_ARCH, 'arm64')
    assert.equal(pi!.PC2_TARGET_BOOT, 'raspberrypi')
    assert.equal(pi!.PC2_TARGET_PARTITION_TABLE, 'dos')
    assert.equal(`${pi!.PC2_TARGET_BOOT_PARTITION_TYPE} ${pi!.PC2_TARGET_ROOT_PARTITION_TYPE}`, 'c 83')
    assert.equal(pi!.PC2_TARGET_CONSOLES, 'console=tty1 console=ttyS1,115200')
    assert.equal(pi!.PC2_TARGET_FILE_SUFFIX, 'rpi-arm64')
    assert.match(pi!.PC2_TARGET_PI_FIRMWARE!, /^bootcode\.bin start\.elf /)
    assert.equal(pi!.PC2_TARGET_BOOT_PARTITION_PACKAGES, 'raspi-firmware')
    // The arm64 disk and the card share one base: it downloads the firmware for both.
    for (const facts of [arm!, pi!]) {
      assert.equal(facts.PC2_TARGET_BASE_COMPONENTS, 'main non-free-firmware')
      assert.equal(facts.PC2_TARGET_BASE_BOOT_PARTITION_PACKAGES, 'raspi-firmware')
    }
    assert.equal(arm!.PC2_TARGET_BOOT_PARTITION_PACKAGES, '')
    assert.equal(arm!.PC2_TARGET_CONSOLES, 'console=tty0 console=ttyAMA0,115200')
    assert.equal(arm!.PC2_TARGET_EFI_ARCH, 'aa64')
  })

  it('refuses an unknown target or none with exit 2, naming the known ones', async () => {
    const unknown = await imageConfig('target-shell', 'sparc')
    assert.deepEqual(unknown, { code: 2, stdout: '', stderr: 'image-config: unknown target "sparc"; expected one of: x86_64, aarch64, rpi\n' })
    assert.equal((await imageConfig('target-shell')).code, 2)
  })
})
