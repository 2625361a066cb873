// The lint configuration (biome.jsonc) keeps the layering it promises: probe files laid out
// like the repository, in a folder of their own with the same configuration, must trip the
// rules (an import cycle, type-only included; another package's src/; scripts/lib from a test)
// and clean ones must not.

import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const biome = join(repo, 'node_modules', '.bin', 'biome')

describe('lint rules', () => {
  let root: string
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  /** Each finding as `<file> <rule>`. */
  const lint = (): string[] => {
    const run = spawnSync(biome, ['lint', '--reporter=github', '--max-diagnostics=none', '.'], { cwd: root, encoding: 'utf8' })
    return [...run.stdout.matchAll(/^::error title=lint\/\w+\/(\w+),file=([^,]+),/gm)].map((match) => `${relative(root, match[2]!)} ${match[1]}`)
  }

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'pc2-lint-'))
    copyFileSync(join(repo, 'biome.jsonc'), join(root, 'biome.jsonc'))
    // The configuration reads the files git ignores from here.
    write('.gitignore', 'node_modules\n')
    write('services/shop/src/a.ts', "import type { B } from './b.ts'\nexport interface A { b?: B }\n")
    write('services/shop/src/b.ts', "import type { A } from './a.ts'\nexport interface B { a?: A }\n")
    write('services/admin/src/reach.ts', "import { x } from '../../vault/src/x.ts'\nexport const y = x\n")
    write('services/vault/src/x.ts', 'export const x = 1\n')
    write('services/vault/test/x.spec.ts', "import { x } from '../src/x.ts'\nimport { stack } from '../../../scripts/lib/stack.ts'\nexport const z = [x, stack]\n")
    write('services/vault/src/clean.ts', "import { x } from './x.ts'\nexport const clean = x + 1\n")
  })
  after(() => { rmSync(root, { recursive: true, force: true }) })

  it('finds a type-only import cycle, an import of another package\'s src/ and a test reaching into scripts/lib, and nothing else', () => {
    assert.deepEqual(lint().sort(), [
      'services/admin/src/reach.ts noRestrictedImports',
      'services/shop/src/a.ts noImportCycles',
      'services/shop/src/b.ts noImportCycles',
      'services/vault/test/x.spec.ts noRestrictedImports'
    ])
  })
})
