import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ConfigError, formatImageConfigValue, imageConfigSchema, loadImageConfig, parseImageConfig } from '../src/index.ts'
import { validText } from './fixtures/image-config.ts'

const repoImageConfig = fileURLToPath(new URL('../../../image.config', import.meta.url))


function replaceLine (text: string, key: string, line: string): string {
  return text.split('\n').map((current) => (current.startsWith(`${key}=`) ? line : current)).join('\n')
}

function configError (fn: () => unknown): ConfigError {
  try {
    fn()
  } catch (error) {
    assert.ok(error instanceof ConfigError)
    assert.equal(error.name, 'ConfigError')
    return error
  }
  assert.fail('expected a ConfigError')
}

describe('parseImageConfig', () => {
  it('turns a valid file into typed fields', () => {
    assert.deepEqual(parseImageConfig(validText, 'image.config'), {
      name: 'PC2 Test',
      id: 'pc2',
      version: '1.2.3-rc.1',
      hostname: 'pc2-test',
      targets: ['x86_64', 'rpi'],
      outputs: ['disk'],
      debianSuite: 'trixie',
      espMib: 96,
      rootMib: 768,
      verityMib: 16,
      dataMib: 256,
      services: [],
      adminPort: 8080,
      console: 'debug',
      kernelCmdline: 'quiet loglevel=3'
    })
  })

  it('names file, line, key, value and what was expected for a bad value', () => {
    const error = configError(() => parseImageConfig(replaceLine(validText, 'PC2_CONSOLE', 'PC2_CONSOLE="of"'), 'image.config'))
    assert.equal(error.message, 'image.config:15: PC2_CONSOLE: "of" is not valid; expected one of: off, debug')
  })

  it('checks each key against its rule', () => {
    const bad: Array<[string, string]> = [
      ['PC2_NAME', 'PC2_NAME=""'],
      ['PC2_ID', 'PC2_ID=Pc2'],
      ['PC2_VERSION', 'PC2_VERSION=1.2'],
      ['PC2_HOSTNAME', 'PC2_HOSTNAME=pc2-'],
      ['PC2_HOSTNAME', `PC2_HOSTNAME=${'a'.repeat(64)}`],
      ['PC2_TARGETS', 'PC2_TARGETS="x86_64 arm"'],
      ['PC2_OUTPUTS', 'PC2_OUTPUTS=""'],
      ['PC2_DEBIAN_SUITE', 'PC2_DEBIAN_SUITE=trixie2'],
      ['PC2_ESP_MIB', 'PC2_ESP_MIB=31'],
      ['PC2_ROOT_MIB', 'PC2_ROOT_MIB=8193'],
      ['PC2_VERITY_MIB', 'PC2_VERITY_MIB=0'],
      ['PC2_DATA_MIB', 'PC2_DATA_MIB=15'],
      ['PC2_SERVICES', 'PC2_SERVICES="admin Shop"'],
      ['PC2_ADMIN_PORT', 'PC2_ADMIN_PORT=65536']
    ]
    for (const [key, line] of bad) {
      const error = configError(() => parseImageConfig(replaceLine(validText, key, line), 'x.config'))
      assert.match(error.message, new RegExp(`^x\\.config:\\d+: ${key}: .* is not valid; expected `), line)
    }
  })

  it('accepts a 63-character host name', () => {
    assert.equal(parseImageConfig(replaceLine(validText, 'PC2_HOSTNAME', `PC2_HOSTNAME=${'a'.repeat(63)}`), 'f').hostname.length, 63)
  })

  it('rejects unknown keys and lists the known ones', () => {
    const error = configError(() => parseImageConfig(`${validText}PC2_FOO=1\n`, 'image.config'))
    assert.match(error.message, /^image\.config:17: PC2_FOO: unknown key \(known keys: PC2_NAME, PC2_ID, /)
  })

  it('rejects a missing key by name', () => {
    const error = configError(() => parseImageConfig(replaceLine(validText, 'PC2_ADMIN_PORT', ''), 'image.config'))
    assert.match(error.message, /^image\.config: PC2_ADMIN_PORT: missing/)
  })

  it('rejects a duplicate key, naming the first line', () => {
    const error = configError(() => parseImageConfig(`${validText}PC2_ID=other\n`, 'image.config'))
    assert.equal(error.message, 'image.config:17: PC2_ID: duplicate key (first set on line 3)')
  })

  it('reports every problem at once', () => {
    const text = replaceLine(replaceLine(validText, 'PC2_ESP_MIB', 'PC2_ESP_MIB=big'), 'PC2_NAME', 'PC2_NAME=$(reboot)')
    const error = configError(() => parseImageConfig(text, 'f'))
    assert.deepEqual((error.details?.problems as string[]).map((problem) => problem.split(':').slice(0, 3).join(':')), [
      'f:2: PC2_NAME',
      'f:9: PC2_ESP_MIB'
    ])
  })

  it('has a schema row for every key, with help and an expectation', () => {
    const keys = Object.values(imageConfigSchema).map((row) => row.key)
    assert.equal(new Set(keys).size, 15)
    for (const row of Object.values(imageConfigSchema)) {
      assert.match(row.key, /^PC2_[A-Z_]+$/)
      assert.notEqual(row.help, '')
      assert.notEqual(row.parser.expected, '')
    }
  })

  it('formats values back to their text form', () => {
    assert.equal(formatImageConfigValue(['x86_64', 'rpi']), 'x86_64 rpi')
    assert.equal(formatImageConfigValue(96), '96')
  })
})

describe('loadImageConfig', () => {
  it('loads the repository image.config', async () => {
    const config = await loadImageConfig(repoImageConfig)
    assert.equal(config.id, 'pc2')
    assert.equal(typeof config.adminPort, 'number')
  })

  it('turns an unreadable file into a ConfigError naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pc2-image-config-'))
    try {
      const missing = join(dir, 'image.config')
      await assert.rejects(loadImageConfig(missing), (error: Error) => error.name === 'ConfigError' && error.message.startsWith(missing))
      await writeFile(missing, validText)
      assert.equal((await loadImageConfig(missing)).name, 'PC2 Test')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
