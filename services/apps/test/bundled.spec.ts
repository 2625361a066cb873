// pc2-apps as the image ships it: the service bundle and its runner child, copied away from
// the repository (nothing resolvable from node_modules), started on its own, runs a job.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import { bundleServices } from '../../../scripts/bundle.ts'
import { packApp } from '../src/package/section.ts'
import { openAppStore } from '../src/store/app-store.ts'
import { buildFixture } from '@pc2/test-support/wasm'

const repository = new URL('../../..', import.meta.url).pathname

function post (socketPath: string, path: string, body: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body)
    request({ socketPath, method: 'POST', path, headers: { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } }, (response) => {
      let text = ''
      response.setEncoding('utf8').on('data', (chunk: string) => { text += chunk })
      response.on('end', () => resolve(JSON.parse(text)))
    }).on('error', reject).end(payload)
  })
}

describe('pc2-apps bundled', () => {
  it('runs a job with the bundled runner child found beside the service bundle', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'pc2-apps-bundled-'))
    await bundleServices({ servicesDir: join(repository, 'services'), outDir: join(directory, 'bundles') })
    const lonely = join(directory, 'lib')
    await mkdir(lonely)
    for (const file of ['pc2-apps.mjs', 'pc2-apps-child.mjs']) await copyFile(join(directory, 'bundles', file), join(lonely, file))
    const store = await openAppStore(join(directory, 'apps'))
    await store.install(packApp(await readFile(await buildFixture('probe')), { manifestVersion: 1, name: 'probe', version: '1.0.0', description: 'probe', kind: 'job', capabilities: { storageMiB: 1, memoryMiB: 16, network: [], environment: {} } }), { cid: 'bafkprobe' })
    await mkdir(join(directory, 'config'))
    const service = spawn(process.execPath, [join(lonely, 'pc2-apps.mjs')], {
      cwd: lonely,
      env: { PATH: process.env.PATH ?? '', PC2_IMAGE_CONFIG: join(repository, 'image.config'), PC2_CONFIG_DIR: join(directory, 'config'), PC2_APPS_DIR: join(directory, 'apps'), PC2_RUNTIME_DIR: join(directory, 'run') },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    try {
      let log = ''
      service.stdout.setEncoding('utf8').on('data', (chunk: string) => { log += chunk })
      for (let tries = 0; !log.includes('started') && tries < 100; tries++) await sleep(100)
      assert.match(log, /runner node-wasi/)
      const result = await post(join(directory, 'run', 'api.sock'), '/apps/probe/runs', { args: ['echo', 'bundled'] })
      assert.deepEqual([result.outcome, result.exitCode, result.stdout], ['exited', 0, 'bundled\nenv=(unset)\n'])
    } finally {
      service.kill('SIGTERM')
    }
  })
})
