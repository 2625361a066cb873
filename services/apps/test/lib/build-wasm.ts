// Builds a test program (test/fixtures/*.c) to wasm32-wasi with Debian's clang and wasi-libc,
// once per test process. The unit-test stage of scripts/test-all installs the toolchain.

import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const built = new Map<string, Promise<string>>()

export async function buildFixture (name: string): Promise<string> {
  let module = built.get(name)
  if (module === undefined) {
    module = (async () => {
      const directory = await mkdtemp(join(tmpdir(), 'pc2-wasm-fixture-'))
      const output = join(directory, `${name}.wasm`)
      const source = new URL(`../fixtures/${name}.c`, import.meta.url).pathname
      await promisify(execFile)('clang', ['--target=wasm32-wasi', '-O1', '-Wall', '-o', output, source])
      return output
    })()
    built.set(name, module)
  }
  return await module
}
