// pc2-apps as a whole on its socket: install by CID (from a package source holding the
// packages), grant, run a job, serve a web app's requests, refuse bad calls naming the
// field, uninstall — and a crashing web app answers 502 while the others keep working.

import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { request } from 'node:http'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createLogger, InvalidPackageError } from '@pc2/core'
import { concat, encodeFileKey, FileEncryptor, generateFileKey, loadSodiumWrappersBackend } from '@pc2/core/file-format'
import { packApp } from '../src/package/section.ts'
import { nodeWasiRunner } from '../src/runner/node-wasi.ts'
import { apps } from '../src/index.ts'
import type { AppsService } from '../src/index.ts'
import { buildFixture } from '@pc2/test-support/wasm'

interface Answer { status: number, headers: Record<string, string | string[] | undefined>, text: string, json: any }

function call (socketPath: string, method: string, path: string, body?: unknown, raw?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body))
    const outgoing = request({ socketPath, method, path, headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers, ...(payload === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(payload)) }) } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let json: unknown
        try { json = JSON.parse(text) } catch { json = undefined }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json })
      })
    })
    outgoing.on('error', reject)
    outgoing.end(payload)
  })
}

const jobCid = 'bafkreiprobejobaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const webCid = 'bafkreiwagiechoaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const junkCid = 'bafkreijunkaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const sealedCid = 'bafkreisealedaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
let sealedKey = ''

describe('pc2-apps service', () => {
  let service: AppsService
  let socket: string
  before(async () => {
    const packages = new Map<string, Uint8Array>([
      [jobCid, packApp(await readFile(await buildFixture('probe')), { manifestVersion: 1, name: 'probe', version: '1.0.0', description: 'probe', kind: 'job', capabilities: { storageMiB: 1, memoryMiB: 16, network: [], environment: { PROBE_VALUE: 'x' } } })],
      [webCid, packApp(await readFile(await buildFixture('wagi-echo')), { manifestVersion: 1, name: 'echo', version: '1.0.0', description: 'echo', kind: 'web', capabilities: { storageMiB: 0, memoryMiB: 16, network: [], environment: {} } })],
      [junkCid, new TextEncoder().encode('<html>not an app</html>')]
    ])
    // The same job as uploaded through the Files page: encrypted in PC2's file format.
    const backend = await loadSodiumWrappersBackend()
    const key = generateFileKey(backend)
    sealedKey = encodeFileKey(key)
    const plain = packApp(await readFile(await buildFixture('probe')), { manifestVersion: 1, name: 'sealed', version: '1.0.0', description: 'sealed', kind: 'job', capabilities: { storageMiB: 0, memoryMiB: 16, network: [], environment: {} } })
    const encryptor = new FileEncryptor(backend, key, { name: 'sealed.wasm', type: 'application/wasm', size: plain.byteLength })
    packages.set(sealedCid, concat([...encryptor.update(plain), ...encryptor.final()]))
    const root = await mkdtemp(join(tmpdir(), 'pc2-apps-service-'))
    service = apps({
      appsDir: join(root, 'apps'),
      socketPath: join(root, 'run', 'api.sock'),
      runner: nodeWasiRunner(),
      source: {
        fetch: async (cid) => {
          const bytes = packages.get(cid)
          if (bytes === undefined) throw new InvalidPackageError(`cannot get ${cid}`)
          return bytes
        }
      }
    })({ logger: createLogger('pc2-apps', { level: 'err' }) })
    await service.start()
    socket = service.socketPath
  })
  after(async () => { await service.stop() })

  it('installs a job by CID, shows what it asks for in words, runs it with the grant', async () => {
    const installed = await call(socket, 'POST', '/apps', { cid: jobCid, grant: { environment: { PROBE_VALUE: 'from the owner' } } })
    assert.equal(installed.status, 201, installed.text)
    assert.equal(installed.json.name, 'probe')
    assert.ok(installed.json.words.some((line: string) => /no network/i.test(line)))
    const run = await call(socket, 'POST', '/apps/probe/runs', { args: ['echo', 'one'] })
    assert.equal(run.status, 200, run.text)
    assert.equal(run.json.stdout, 'one\nenv=from the owner\n')
    const piped = await call(socket, 'POST', '/apps/probe/runs', { args: ['cat'], stdin: Buffer.from('piped').toString('base64') })
    assert.equal(piped.json.stdout, 'piped')
    const crashed = await call(socket, 'POST', '/apps/probe/runs', { args: ['trap'] })
    assert.equal(crashed.json.outcome, 'trapped')
    const history = await call(socket, 'GET', '/apps/probe/runs')
    assert.deepEqual(history.json.runs.map((record: any) => record.outcome), ['exited', 'exited', 'trapped'])
  })

  it('serves a web app\'s requests, without the owner\'s cookie and without letting it set one', async () => {
    assert.equal((await call(socket, 'POST', '/apps', { cid: webCid })).status, 201)
    const answer = await call(socket, 'POST', '/web/echo/notes/a?x=1', undefined, 'the body', { Cookie: 'pc2_session=secret', 'X-PC2-Remote-Address': '192.0.2.7', 'X-PC2-Script-Name': '/apps/echo' })
    assert.equal(answer.status, 200)
    assert.equal(answer.text, 'POST /apps/echo/notes/a?x=1 cookie=[] from=192.0.2.7\nthe body')
    assert.equal(answer.headers['x-app'], 'echo')
    assert.equal(answer.headers['set-cookie'], undefined)
    assert.equal(answer.headers['x-frame-options'], 'DENY')
    const redirect = await call(socket, 'GET', '/web/echo/go', undefined, undefined, { 'X-PC2-Script-Name': '/apps/echo' })
    assert.deepEqual([redirect.status, redirect.headers.location], [303, '/apps/echo/'])
  })

  it('answers 502 for a crashing or garbled web app, and keeps serving', async () => {
    assert.equal((await call(socket, 'GET', '/web/echo/crash')).status, 502)
    const garbled = await call(socket, 'GET', '/web/echo/garbage')
    assert.equal(garbled.status, 502)
    assert.equal(garbled.json.error.name, 'BadAppResponseError')
    assert.equal((await call(socket, 'GET', '/web/echo/')).status, 200)
  })

  it('refuses bad calls with the field named, and changes nothing', async () => {
    const badCid = await call(socket, 'POST', '/apps', { cid: 'not a cid' })
    assert.deepEqual([badCid.status, badCid.json.error.details.field], [400, 'cid'])
    const junk = await call(socket, 'POST', '/apps', { cid: junkCid })
    assert.deepEqual([junk.status, junk.json.error.name], [422, 'InvalidPackageError'])
    const badArgs = await call(socket, 'POST', '/apps/probe/runs', { args: 'echo' })
    assert.deepEqual([badArgs.status, badArgs.json.error.details.field], [400, 'args'])
    const wrongKind = await call(socket, 'POST', '/apps/echo/runs', { args: [] })
    assert.equal(wrongKind.json.error.name, 'WrongAppKindError')
    const overGrant = await call(socket, 'PUT', '/apps/probe/grant', { network: ['example.org:443'] })
    assert.equal(overGrant.json.error.details.field, 'grant.network')
    assert.equal((await call(socket, 'GET', '/web/nothing/')).status, 404)
    assert.deepEqual((await call(socket, 'GET', '/apps')).json.apps.map((app: any) => app.name), ['echo', 'probe'])
  })

  it('uninstalls only when the name is repeated', async () => {
    assert.equal((await call(socket, 'DELETE', '/apps/probe')).json.error.name, 'ConfirmationRequiredError')
    assert.equal((await call(socket, 'DELETE', '/apps/probe?confirm=probe')).status, 200)
    assert.equal((await call(socket, 'GET', '/apps/probe')).status, 404)
  })

  it('installs an encrypted package with its file key; a wrong or malformed key installs nothing', async () => {
    const wrong = await call(socket, 'POST', '/apps', { cid: sealedCid, key: sealedKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })
    assert.deepEqual([wrong.status, wrong.json.error.name], [400, 'WrongKeyError'])
    const malformed = await call(socket, 'POST', '/apps', { cid: sealedCid, key: 'short' })
    assert.deepEqual([malformed.status, malformed.json.error.details?.field], [400, 'key'])
    const without = await call(socket, 'POST', '/apps', { cid: sealedCid })
    assert.equal(without.status, 422, 'ciphertext is no package')
    assert.equal((await call(socket, 'GET', '/apps/sealed')).status, 404)
    const installed = await call(socket, 'POST', '/apps', { cid: sealedCid, key: sealedKey })
    assert.equal(installed.status, 201, installed.text)
    const run = await call(socket, 'POST', '/apps/sealed/runs', { args: ['echo', 'opened'] })
    assert.equal(run.json.stdout.split('\n')[0], 'opened')
  })
})
