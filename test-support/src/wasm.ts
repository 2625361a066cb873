// The WebAssembly test programs (fixtures/wasm/*.c: probe, the escape attempts of the runner
// tests; net-probe, one HTTP request through pc2_net; wagi-echo, a WAGI web app), built to
// wasm32-wasi with Debian's clang and wasi-libc once per test process, and packed as apps.
// The unit-test stage of scripts/test-all installs the toolchain.

import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { packApp } from '@pc2/apps'
import { onExit } from './exit-cleanup.ts'

const built = new Map<string, Promise<string>>()

export async function buildFixture (name: string): Promise<string> {
  let module = built.get(name)
  if (module === undefined) {
    module = (async () => {
      const directory = await mkdtemp(join(tmpdir(), 'pc2-wasm-fixture-'))
      // The test process's own copy: it goes when the process does.
      onExit(() => { rmSync(directory, { recursive: true, force: true }) })
      const output = join(directory, `${name}.wasm`)
      const source = new URL(`../fixtures/wasm/${name}.c`, import.meta.url).pathname
      await promisify(execFile)('clang', ['--target=wasm32-wasi', '-O1', '-Wall', '-o', output, source])
      return output
    })()
    built.set(name, module)
  }
  return await module
}

/** A test program packed as an app (manifest embedded), as apps/build packs the examples; its path. */
export async function packFixture (name: string, manifest: object, output: string): Promise<string> {
  await writeFile(output, packApp(await readFile(await buildFixture(name)), manifest))
  return output
}

/** The manifest of net-probe packed as a job asking for `destinations`. */
export function netProbeManifest (destinations: string[]): object {
  return { manifestVersion: 1, name: 'net-probe', version: '1.0.0', description: 'makes one HTTP request', kind: 'job', entry: '_start', capabilities: { storageMiB: 0, memoryMiB: 16, network: destinations, environment: {} } }
}
