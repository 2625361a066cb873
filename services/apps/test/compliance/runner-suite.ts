// The compliance suite of the WasmRunner interface: every runner passes all of it
// (node-wasi.spec.ts, wasmtime.spec.ts). It covers the contract — args, environment, stdin,
// stdout, exit codes, the /data directory — and every escape we know to try: paths out of
// /data by "..", by absolute path and by symlink, a memory bomb, an endless loop, a crash,
// a stack overflow, an output flood. After each, the next run must still work.

import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import type { RunLimits, RunRequest, WasmRunner } from '../../src/runner/runner.ts'
import { buildFixture } from '../lib/build-wasm.ts'

const limits: RunLimits = { memoryMiB: 32, timeoutMs: 10_000, outputBytes: 1 << 20 }
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

export function runnerCompliance (makeRunner: () => WasmRunner): void {
  const runner = makeRunner()
  let module = ''
  let dataDir = ''
  let outside = ''
  const run = async (args: string[], extra: Partial<RunRequest> = {}) =>
    await runner.run({ module, args: ['probe', ...args], env: {}, dataDir, limits, ...extra })

  describe(`WasmRunner compliance: ${runner.name}`, () => {
    before(async () => {
      module = await buildFixture('probe')
      const root = await mkdtemp(join(tmpdir(), 'pc2-runner-'))
      dataDir = join(root, 'data')
      outside = join(root, 'secret.txt')
      await mkdir(dataDir)
      await writeFile(outside, 'the owner\'s secret\n')
      await writeFile(join(dataDir, 'mine.txt'), 'the app\'s own file\n')
      await symlink(outside, join(dataDir, 'link-out'))
      await symlink('/etc/passwd', join(dataDir, 'link-etc'))
    })

    it('passes args, environment, stdout and stderr', async () => {
      const result = await run(['echo', 'a', 'b c'], { env: { PROBE_VALUE: 'granted' } })
      assert.equal(result.outcome, 'exited')
      assert.equal(result.exitCode, 0)
      assert.equal(decode(result.stdout), 'a b c\nenv=granted\n')
      assert.match(result.stderr, /to stderr/)
    })

    it('gives the app exactly the environment it was granted', async () => {
      const result = await run(['env-count'], { env: { ONE: '1', TWO: '2' } })
      assert.equal(decode(result.stdout), '2\n')
    })

    it('returns the exit code', async () => {
      for (const code of [0, 1, 7, 199]) {
        const result = await run(['exit', String(code)])
        assert.deepEqual([result.outcome, result.exitCode], ['exited', code])
      }
    })

    it('feeds stdin', async () => {
      const input = new Uint8Array(300_000).map((_, index) => index % 251)
      const result = await run(['cat'], { stdin: input })
      assert.equal(result.exitCode, 0)
      assert.deepEqual(new Uint8Array(result.stdout), input)
    })

    it('reads and writes its own /data', async () => {
      assert.equal(decode((await run(['read', '/data/mine.txt'])).stdout), 'read /data/mine.txt: the app\'s own file\n')
      assert.equal((await run(['write', '/data/new.txt', 'written'])).exitCode, 0)
      assert.equal(await readFile(join(dataDir, 'new.txt'), 'utf8'), 'written')
    })

    for (const path of ['/data/../secret.txt', '/data/../../../../etc/passwd', '/etc/passwd', '/proc/self/environ', '../secret.txt', '/data/link-out', '/data/link-etc']) {
      it(`denies reading ${path}`, async () => {
        const result = await run(['read', path])
        assert.equal(result.outcome, 'exited')
        assert.equal(result.exitCode, 3, decode(result.stdout))
        assert.match(decode(result.stdout), /^denied /)
        assert.doesNotMatch(decode(result.stdout), /owner's secret|root:/)
      })
    }

    it('denies writing outside /data, through a symlink too', async () => {
      for (const path of ['/data/../escaped.txt', '/tmp/escaped.txt', '/data/link-out']) {
        const result = await run(['write', path, 'escaped'])
        assert.equal(result.exitCode, 3, `${path}: ${decode(result.stdout)}`)
      }
      assert.equal(await readFile(outside, 'utf8'), 'the owner\'s secret\n')
    })

    it('without a data directory sees no files at all', async () => {
      const result = await run(['read', '/data/mine.txt'], { dataDir: undefined })
      assert.equal(result.exitCode, 3)
    })

    it('stops a memory bomb at the granted memory', async () => {
      const result = await run(['bomb'], { limits: { ...limits, memoryMiB: 16 } })
      assert.equal(result.outcome, 'memory', result.stderr)
    })

    it('refuses memory.grow past the grant (the app sees the refusal)', async () => {
      const result = await run(['grow'], { limits: { ...limits, memoryMiB: 16 } })
      assert.ok(result.outcome === 'memory' || (result.outcome === 'exited' && result.exitCode === 12), `${result.outcome} ${result.exitCode}`)
    })

    it('does not start a module that needs more memory than granted', async () => {
      const result = await run(['exit', '0'], { limits: { ...limits, memoryMiB: 1 / 16 } })
      assert.equal(result.outcome, 'memory', result.stderr)
    })

    it('kills an endless loop at the time limit', async () => {
      const result = await run(['loop'], { limits: { ...limits, timeoutMs: 1500 } })
      assert.equal(result.outcome, 'timeout')
      assert.ok(result.durationMs < 5000, `took ${result.durationMs} ms`)
    })

    it('reports a crash', async () => {
      const result = await run(['trap'])
      assert.equal(result.outcome, 'trapped')
      assert.equal(result.exitCode, null)
    })

    it('reports a stack overflow as a crash', async () => {
      const result = await run(['recurse'])
      assert.ok(result.outcome === 'trapped' || result.outcome === 'memory', result.outcome)
    })

    it('kills an output flood at the output limit', async () => {
      const result = await run(['flood'], { limits: { ...limits, outputBytes: 256 * 1024 } })
      assert.equal(result.outcome, 'output-limit')
      assert.ok(result.stdout.length <= 256 * 1024)
    })

    it('reports a file that is not WebAssembly as failed to start', async () => {
      const bogus = join(dataDir, '..', 'bogus.wasm')
      await writeFile(bogus, 'not wasm')
      const result = await run([], { module: bogus })
      assert.equal(result.outcome, 'failed')
    })

    it('keeps working after all of that, and runs in parallel', async () => {
      const results = await Promise.all([1, 2, 3, 4].map(async (n) => await run(['exit', String(n)])))
      assert.deepEqual(results.map((result) => result.exitCode), [1, 2, 3, 4])
    })
  })
}
