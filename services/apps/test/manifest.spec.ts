import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseManifest } from '../src/manifest.ts'

const valid = {
  manifestVersion: 1,
  name: 'notes',
  version: '1.0.0',
  description: 'Markdown notes',
  kind: 'web',
  capabilities: { storageMiB: 16, memoryMiB: 32, network: ['api.example.org:443', '192.168.1.5:8080', '[fd00::1]:80'], environment: { TITLE: 'My notes' } }
}

describe('parseManifest', () => {
  it('accepts a valid manifest and fills the defaults', () => {
    assert.deepEqual(parseManifest(valid), { ...valid, entry: '_start' })
  })

  const bad: Array<[string, (manifest: any) => void]> = [
    ['manifestVersion', (m) => { m.manifestVersion = 2 }],
    ['name', (m) => { m.name = '../etc' }],
    ['name', (m) => { m.name = 'Notes' }],
    ['version', (m) => { m.version = '1.0' }],
    ['description', (m) => { m.description = ' ' }],
    ['kind', (m) => { m.kind = 'daemon' }],
    ['entry', (m) => { m.entry = 'not a name' }],
    ['capabilities', (m) => { m.capabilities = [] }],
    ['capabilities.storageMiB', (m) => { m.capabilities.storageMiB = -1 }],
    ['capabilities.memoryMiB', (m) => { m.capabilities.memoryMiB = 100_000 }],
    ['capabilities.network[0]', (m) => { m.capabilities.network = ['example.org'] }],
    ['capabilities.network[0]', (m) => { m.capabilities.network = ['example.org:70000'] }],
    ['capabilities.network', (m) => { m.capabilities.network = ['a.org:1', 'a.org:1'] }],
    ['capabilities.environment.lower', (m) => { m.capabilities.environment = { lower: 'x' } }],
    ['capabilities.schedule', (m) => { m.capabilities.schedule = 'hourly' }],
    ['capabilities.cpu', (m) => { m.capabilities.cpu = 100 }],
    ['owner', (m) => { m.owner = 'me' }]
  ]
  for (const [field, spoil] of bad) {
    it(`refuses a bad ${field}, naming it`, () => {
      const manifest = structuredClone(valid) as any
      spoil(manifest)
      assert.throws(() => parseManifest(manifest), (error: any) => error.name === 'InvalidManifestError' && error.details.field === field && error.message.includes(field))
    })
  }

  it('accepts a schedule on a job only', () => {
    const job = { ...valid, kind: 'job', capabilities: { ...valid.capabilities, schedule: 'every 30m' } }
    assert.equal(parseManifest(job).capabilities.schedule, 'every 30m')
  })
})
