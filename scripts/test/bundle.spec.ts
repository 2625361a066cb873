import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { bundleServices } from '../bundle.ts'

const run = promisify(execFile)
const cli = fileURLToPath(new URL('../bundle.ts', import.meta.url))
const imageConfig = fileURLToPath(new URL('../../image.config', import.meta.url))

async function get (port: number, path: string): Promise<{ status: number, body: string }> {
  return await new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (response) => {
      let body = ''
      response.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
      response.on('end', () => { resolve({ status: response.statusCode ?? 0, body }) })
    }).on('error', reject).end()
  })
}

describe('scripts/bundle.ts', () => {
  let dir = ''
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'pc2-bundle-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('bundles pc2-admin into one file that runs on its own and stops cleanly', async () => {
    const out = join(dir, 'out')
    const { stdout } = await run(process.execPath, [cli, '--out', out])
    assert.match(stdout, /pc2-admin\.mjs {2}\d+\.\d KiB\n/)
    assert.deepEqual(await readdir(out), ['npm-packages.json', 'pc2-admin.mjs', 'pc2-apps-child.mjs', 'pc2-apps-launcher.mjs', 'pc2-apps.mjs', 'pc2-cli.mjs', 'pc2-egress.mjs', 'pc2-ipfs.mjs', 'pc2-shop.mjs', 'pc2-vault.mjs', 'web-ui'])
    const bundle = join(out, 'pc2-admin.mjs')
    const text = await readFile(bundle, 'utf8')
    assert.ok(text.startsWith("import { createRequire as __pc2CreateRequire } from 'node:module';"))
    assert.doesNotMatch(text, /from ['"]@pc2\/core['"]/)

    // Copied away from the repository, so nothing can be resolved from node_modules.
    const lonely = join(dir, 'lonely')
    await mkdir(lonely)
    await writeFile(join(lonely, 'pc2-admin.mjs'), text)
    const probe = createServer().listen(0, '127.0.0.1')
    await once(probe, 'listening')
    const { port } = probe.address() as AddressInfo
    probe.close()
    await once(probe, 'close')
    const config = join(dir, 'config')
    await mkdir(config)
    await writeFile(join(config, 'pc2.conf'), `[admin]\nlisten = 127.0.0.1\nport = ${port}\n`)
    const child = spawn(process.execPath, [join(lonely, 'pc2-admin.mjs')], {
      cwd: lonely,
      env: { PATH: process.env.PATH ?? '', PC2_IMAGE_CONFIG: imageConfig, PC2_CONFIG_DIR: config, PC2_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let output = ''
    const exited = once(child, 'exit')
    await new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk
        if (output.includes('<6>pc2-admin: started')) resolve()
      })
      void exited.then(() => { reject(new Error(`bundle exited early:\n${output}`)) })
    })
    try {
      const response = await get(port, '/api/health')
      assert.equal(response.status, 200)
      assert.equal((JSON.parse(response.body) as { product: { id: string } }).product.id, 'pc2')
    } finally {
      child.kill('SIGTERM')
    }
    const [code] = await exited
    assert.equal(code, 0, output)
  })

  it('bundles each service with a src/main.ts and skips the rest', async () => {
    const services = join(dir, 'services')
    await mkdir(join(services, 'alpha', 'src'), { recursive: true })
    await mkdir(join(services, 'library', 'src'), { recursive: true })
    await writeFile(join(services, 'alpha', 'src', 'main.ts'), "import { greet } from './greet.ts'\nconsole.log(greet('x'))\n")
    await writeFile(join(services, 'alpha', 'src', 'greet.ts'), 'export const greet = (name: string): string => `hi ${name}`\n')
    await writeFile(join(services, 'library', 'src', 'index.ts'), 'export const x = 1\n')
    const out = join(dir, 'two')
    const results = await bundleServices({ servicesDir: services, outDir: out })
    assert.deepEqual(results.map((result) => result.service), ['alpha'])
    assert.deepEqual(await readdir(out), ['pc2-alpha.mjs'])
    const { stdout } = await run(process.execPath, [join(out, 'pc2-alpha.mjs')])
    assert.equal(stdout, 'hi x\n')
  })

  it('fails with esbuild\'s message, naming the file, when a service does not compile', async () => {
    const services = join(dir, 'broken-services')
    await mkdir(join(services, 'broken', 'src'), { recursive: true })
    await writeFile(join(services, 'broken', 'src', 'main.ts'), "import { nothing } from './missing.ts'\nnothing()\n")
    await assert.rejects(bundleServices({ servicesDir: services, outDir: join(dir, 'broken-out') }), (error: Error) => {
      assert.match(error.message, /main\.ts:1:\d+: ERROR: Could not resolve "\.\/missing\.ts"/)
      return true
    })
  })

  it('exits non-zero on a bad argument', async () => {
    await assert.rejects(run(process.execPath, [cli, '--nope']), (error: { code: number, stderr: string }) => {
      assert.equal(error.code, 1)
      assert.match(error.stderr, /^bundle: unexpected argument "--nope"/)
      return true
    })
  })
})
