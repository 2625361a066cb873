import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { before, describe, it } from 'node:test'
import { manifestSectionName, packApp, readManifest } from '../src/package/section.ts'
import { buildFixture } from '@pc2/test-support/wasm'

const manifest = {
  manifestVersion: 1,
  name: 'probe',
  version: '1.2.3',
  description: 'the compliance probe',
  kind: 'job',
  capabilities: { storageMiB: 4, memoryMiB: 16, network: [], environment: { GREETING: 'hello' }, schedule: 'every 15m' }
}

describe('app package (manifest in a custom section)', () => {
  let module: Uint8Array
  before(async () => { module = new Uint8Array(await readFile(await buildFixture('probe'))) })

  it('round-trips the manifest, and the package is still a valid module with the section', async () => {
    const packed = packApp(module, manifest)
    assert.deepEqual(readManifest(packed), { ...manifest, entry: '_start' })
    const compiled = await WebAssembly.compile(packed as Uint8Array<ArrayBuffer>)
    assert.equal(WebAssembly.Module.customSections(compiled, manifestSectionName).length, 1)
  })

  it('gives the same bytes for the same inputs, and replaces an earlier manifest', () => {
    const once = packApp(module, manifest)
    assert.deepEqual(packApp(module, manifest), once)
    const again = packApp(once, { ...manifest, version: '2.0.0' })
    assert.equal(readManifest(again).version, '2.0.0')
    assert.equal(again.length, once.length)
  })

  it('refuses what is not a package, naming why', () => {
    assert.throws(() => readManifest(new TextEncoder().encode('#!/bin/sh\n')), { name: 'InvalidPackageError', message: /not a WebAssembly module/ })
    assert.throws(() => readManifest(module), { name: 'InvalidPackageError', message: /no "pc2.manifest" section/ })
    const packed = packApp(module, manifest)
    assert.throws(() => readManifest(packed.subarray(0, packed.length - 3)), { name: 'InvalidPackageError' })
  })
})
