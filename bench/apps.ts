// Figures of WebAssembly apps on the host (`npm run bench -- --only apps`), with the example
// apps as built by apps/build and the default runner (node-wasi, one process per run):
//   wasm_cold_start_ms   the checksum job over a 4 KiB file, process start to exit, p50 of 40,
//                        with the runner child as shipped (bundled by scripts/bundle.ts);
//                        baseline: `node -e 0` with the same Node, measured alternately
//   wasm_request_p50_ms  one request to the notes web app (GET of a note, WAGI: a run per
//   wasm_request_p95_ms  request, CGI response parsed), p50 / p95 of 200
//   wasm_net_run_ms      a run of the network test job making one GET to a loopback server
//                        through pc2_net (its worker thread started, the request, the answer
//                        copied in), p50 of 40; baseline: the same job refused (no grant), so
//                        the difference is what the network costs a run
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeWasiRunner, parseWagiResponse, wagiEnvironment } from '@pc2/apps'
import type { RunLimits } from '@pc2/apps'
import { buildFixture } from '@pc2/test-support/wasm'
import { bundleServices } from '../scripts/bundle.ts'
import { round } from './figure.ts'
import type { Figure } from './figure.ts'

const root = new URL('..', import.meta.url).pathname
const percentile = (values: number[], fraction: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * fraction))]!

export async function benchApps (): Promise<Record<string, Figure>> {
  execFileSync('bash', [join(root, 'apps/build')], { stdio: ['ignore', 'ignore', 'inherit'] })
  const directory = mkdtempSync(join(tmpdir(), 'pc2-bench-apps-'))
  await bundleServices({ servicesDir: join(root, 'services'), outDir: join(directory, 'bundles') })
  const runner = nodeWasiRunner({ childScript: join(directory, 'bundles', 'pc2-apps-child.mjs') })
  const limits: RunLimits = { memoryMiB: 32, timeoutMs: 10_000, outputBytes: 1 << 20 }
  try {
    const jobData = join(directory, 'checksum')
    mkdirSync(jobData)
    writeFileSync(join(jobData, 'file.bin'), new Uint8Array(4096).fill(7))
    const job = { module: join(root, 'out/apps/checksum.wasm'), args: ['checksum', 'file.bin'], env: {}, dataDir: jobData, limits }
    const cold: number[] = []
    const bare: number[] = []
    for (let index = 0; index < 40; index++) {
      const started = performance.now()
      const result = await runner.run(job)
      cold.push(performance.now() - started)
      if (result.exitCode !== 0) throw new Error(`the checksum job failed: ${result.outcome} ${result.stderr}`)
      const bareStarted = performance.now()
      spawnSync(process.execPath, ['-e', '0'])
      bare.push(performance.now() - bareStarted)
    }

    const notesData = join(directory, 'notes')
    mkdirSync(join(notesData, 'notes'), { recursive: true })
    writeFileSync(join(notesData, 'notes', 'groceries.md'), '# Groceries\n\n- *bread*\n- **milk**\n\nSee [the list](https://example.org/).\n')
    const request = { method: 'GET', scriptName: '/apps/notes', pathInfo: '/groceries', query: '', headers: { accept: 'text/html' }, remoteAddress: '127.0.0.1', serverName: 'pc2.local', serverPort: 80, bodyLength: 0 }
    const requests: number[] = []
    for (let index = 0; index < 200; index++) {
      const started = performance.now()
      const result = await runner.run({ module: join(root, 'out/apps/notes.wasm'), args: ['notes'], env: wagiEnvironment(request, {}), dataDir: notesData, limits })
      const response = parseWagiResponse(result.stdout)
      requests.push(performance.now() - started)
      if (response.status !== 200) throw new Error(`the notes app answered ${response.status}: ${result.stderr}`)
    }
    const server = createServer((_request, response) => { response.end('x'.repeat(1024)) })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const destination = `127.0.0.1:${(server.address() as AddressInfo).port}`
    const netJob = { module: await buildFixture('net-probe'), args: ['net-probe', 'GET', `http://${destination}/`], env: {}, limits }
    const networked: number[] = []
    const refused: number[] = []
    try {
      for (let index = 0; index < 40; index++) {
        let started = performance.now()
        const result = await runner.run({ ...netJob, network: [destination] })
        networked.push(performance.now() - started)
        if (result.exitCode !== 0) throw new Error(`the network job failed: ${result.outcome} ${result.stderr}`)
        started = performance.now()
        await runner.run(netJob)
        refused.push(performance.now() - started)
      }
    } finally {
      server.close()
    }
    const netP50 = percentile(networked, 0.5)
    const refusedP50 = percentile(refused, 0.5)
    const coldP50 = percentile(cold, 0.5)
    const bareP50 = percentile(bare, 0.5)
    return {
      wasm_cold_start_ms: { value: round(coldP50), unit: 'ms', baseline: round(bareP50), ratio: Number((coldP50 / bareP50).toFixed(2)) },
      wasm_request_p50_ms: { value: round(percentile(requests, 0.5)), unit: 'ms' },
      wasm_request_p95_ms: { value: round(percentile(requests, 0.95)), unit: 'ms' },
      wasm_net_run_ms: { value: round(netP50), unit: 'ms', baseline: round(refusedP50), ratio: Number((netP50 / refusedP50).toFixed(2)) }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true })
  }
}
