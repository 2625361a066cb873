// The socket table against the unit files that bring the sockets up: each socket's directory
// is its unit's RuntimeDirectory, owned by its group; every caller can get in (a member of the
// group, or root); no unit names a socket path of its own (the table is the one place).

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ownSocketPath, serviceSocketPath, serviceSockets } from '../src/index.ts'

const unitDir = fileURLToPath(new URL('../../../overlay/usr/lib/systemd/system', import.meta.url))

/** A unit's `Key=value` lines (later lines add to a key, as systemd does for lists). */
function unitKeys (unit: string): Map<string, string[]> {
  const keys = new Map<string, string[]>()
  for (const line of readFileSync(join(unitDir, `${unit}.service`), 'utf8').split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim())
    if (match === null) continue
    keys.set(match[1]!, [...keys.get(match[1]!) ?? [], match[2]!])
  }
  return keys
}

describe('service sockets', () => {
  for (const [name, socket] of Object.entries(serviceSockets)) {
    it(`${name}: its unit makes the directory, in its group; its callers can get in`, () => {
      const unit = unitKeys(socket.unit)
      assert.deepEqual(unit.get('RuntimeDirectory'), [socket.directory.replace(/^\/run\//, '')], `${socket.unit}: RuntimeDirectory`)
      assert.deepEqual(unit.get('RuntimeDirectoryMode'), ['0750'], `${socket.unit}: RuntimeDirectoryMode`)
      assert.equal(unit.get('Group')?.at(-1), socket.group, `${socket.unit}: Group`)
      for (const caller of socket.callers) {
        const keys = unitKeys(caller)
        const runsAsRoot = !keys.has('User') && keys.get('DynamicUser')?.at(-1) !== 'yes'
        const groups = [keys.get('Group')?.at(-1), ...(keys.get('SupplementaryGroups') ?? []).flatMap((line) => line.split(/\s+/))]
        assert.ok(runsAsRoot || groups.includes(socket.group), `${caller} calls ${socket.unit} but is not in group ${socket.group}`)
      }
    })
  }

  it('is the only place that names a socket path', () => {
    for (const socket of Object.values(serviceSockets)) {
      for (const unit of new Set(Object.values(serviceSockets).flatMap((other) => [other.unit, ...other.callers]))) {
        const environment = (unitKeys(unit).get('Environment') ?? []).join(' ')
        assert.ok(!environment.includes(socket.directory), `${unit} names ${socket.directory} in its Environment=`)
      }
    }
  })

  it('finds a socket where its environment variable says, else where the table says', () => {
    assert.equal(serviceSocketPath('vault', {}), '/run/pc2/vault/api.sock')
    assert.equal(serviceSocketPath('vault', { PC2_VAULT_SOCKET: '/tmp/v.sock' }), '/tmp/v.sock')
    assert.equal(serviceSocketPath('apps-launcher', { PC2_APP_LAUNCHER_SOCKET: ' ' }), '/run/pc2/apps-launcher/launch.sock')
    assert.equal(ownSocketPath('shop', {}), '/run/pc2/shop/api.sock')
    assert.equal(ownSocketPath('shop', { PC2_RUNTIME_DIR: '/tmp/run' }), '/tmp/run/api.sock')
  })
})
