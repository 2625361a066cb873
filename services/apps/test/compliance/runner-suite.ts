// The compliance suite of the WasmRunner interface: every runner passes all of it
// (node-wasi.spec.ts, wasmtime.spec.ts). It covers the contract — args, environment, stdin,
// stdout, exit codes, the /data directory — and every escape we know to try: paths out of
// /data by "..", by absolute path and by symlink, a memory bomb, an endless loop, a crash,
// a stack overflow, an output flood. After each, the next run must still work. A runner that
// serves the network host function (hostNetwork) also passes its part: only a granted
// destination answers, and every other request is refused and said on stderr.

import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { RunLimits, RunRequest, WasmRunner } from '../../src/runner/runner.ts'
import { buildFixture } from '@pc2/test-support/wasm'

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

  if (!runner.hostNetwork) return
  describe(`WasmRunner compliance: ${runner.name}, the network host function`, () => {
    let netModule = ''
    let granted = ''
    let closed = ''
    const server = createServer((request, response) => {
      if (request.url === '/big') { response.end('x'.repeat(100_000)); return }
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => { response.setHeader('content-type', 'text/plain'); response.end(`${request.method} ${request.url} ${Buffer.concat(chunks).toString()}`) })
    })
    const net = async (args: string[], network: string[] | undefined) =>
      await runner.run({ module: netModule, args: ['net-probe', ...args], env: {}, limits, ...(network === undefined ? {} : { network }) })

    before(async () => {
      netModule = await buildFixture('net-probe')
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      granted = `127.0.0.1:${(server.address() as AddressInfo).port}`
      // A port nothing listens on: taken and given back.
      const spare = createServer()
      await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve))
      closed = `127.0.0.1:${(spare.address() as AddressInfo).port}`
      await new Promise((resolve) => spare.close(resolve))
    })
    after(() => { server.close() })

    it('answers a request to a granted destination, body both ways', async () => {
      const get = await net(['GET', `http://${granted}/hello`], [granted])
      assert.equal(decode(get.stdout), 'status=200 length=11\nGET /hello ')
      const post = await net(['POST', `http://${granted}/echo`, 'sent by the app'], [granted])
      assert.equal(decode(post.stdout), 'status=200 length=26\nPOST /echo sent by the app')
    })

    it('gives an answer longer than the buffer its first bytes and its whole length', async () => {
      const result = await net(['GET', `http://${granted}/big`, '', '10'], [granted])
      assert.equal(decode(result.stdout), 'status=200 length=100000\nxxxxxxxxxx')
    })

    it('refuses a destination not granted, and says so on stderr', async () => {
      const other = await net(['GET', `http://${closed}/hello`], [granted])
      assert.deepEqual([other.outcome, other.exitCode, decode(other.stdout)], ['exited', 1, 'status=-1 length=0\n'])
      assert.match(other.stderr, new RegExp(`pc2-net: refused GET http://${closed}/hello: ${closed} was not granted \\(granted: ${granted}\\)`))
      const none = await net(['GET', `http://${granted}/hello`], undefined)
      assert.equal(decode(none.stdout), 'status=-1 length=0\n')
      assert.match(none.stderr, /was not granted \(no network was granted\)/)
    })

    it('refuses what is not an http request, and memory not the module\'s', async () => {
      const file = await net(['GET', 'file:///etc/passwd'], [granted])
      assert.equal(decode(file.stdout), 'status=-3 length=0\n')
      assert.match(file.stderr, /only http and https URLs/)
      const method = await net(['CONNECT', `http://${granted}/`], [granted])
      assert.match(method.stderr, /method "CONNECT" is not one of/)
      const wild = await net(['wild-pointer'], [granted])
      assert.equal(decode(wild.stdout), 'status=-3 length=0\n')
      assert.match(wild.stderr, /not within the module's memory/)
    })

    it('says why a granted destination did not answer', async () => {
      const result = await net(['GET', `http://${closed}/`], [closed])
      assert.equal(decode(result.stdout), 'status=-2 length=0\n')
      assert.match(result.stderr, /pc2-net: GET http:\/\/127\.0\.0\.1:\d+\/ failed: ECONNREFUSED/)
    })
  })
}
