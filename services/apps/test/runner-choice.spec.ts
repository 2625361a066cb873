// How pc2-apps runs its apps, chosen from its environment, and the appliance's unit choosing
// the launcher: a pc2-apps that ran apps as its own children would run them outside their
// per-run units (dynamic user, the app's folder alone, its own network set).

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chooseRunner } from '../src/runner-choice.ts'

const noWasmtime = { PATH: '/nonexistent' }

/** The Environment= assignments of the appliance's pc2-apps.service. */
function unitEnvironment (): Record<string, string> {
  const unit = readFileSync(fileURLToPath(new URL('../../../overlay/usr/lib/systemd/system/pc2-apps.service', import.meta.url)), 'utf8')
  const assignments = unit.split('\n').filter((line) => line.startsWith('Environment=')).flatMap((line) => line.slice('Environment='.length).split(/\s+/))
  return Object.fromEntries(assignments.map((assignment) => assignment.split('=', 2) as [string, string]))
}

describe('chooseRunner', () => {
  it('runs every app through pc2-apps-launcher when the unit says so, at the socket of the table', () => {
    const choice = chooseRunner({ ...noWasmtime, PC2_APPS_LAUNCHER: 'on' })
    assert.equal(choice.launcherSocket, '/run/pc2/apps-launcher/launch.sock')
    assert.notEqual(choice.folders, undefined)
    assert.equal(chooseRunner({ ...noWasmtime, PC2_APPS_LAUNCHER: 'on', PC2_APP_LAUNCHER_SOCKET: '/tmp/launch.sock' }).launcherSocket, '/tmp/launch.sock')
  })

  it('runs apps as child processes elsewhere, and refuses a word it does not know', () => {
    const choice = chooseRunner(noWasmtime)
    assert.equal(choice.launcherSocket, undefined)
    assert.equal(choice.folders, undefined)
    assert.equal(choice.runner.name, 'node-wasi')
    assert.throws(() => chooseRunner({ ...noWasmtime, PC2_APPS_LAUNCHER: 'yes' }), { name: 'ConfigError' })
  })

  it('is told to use the launcher by the appliance\'s unit', () => {
    const environment = unitEnvironment()
    assert.equal(environment.PC2_APPS_LAUNCHER, 'on')
    assert.equal(chooseRunner({ ...noWasmtime, ...environment }).launcherSocket, '/run/pc2/apps-launcher/launch.sock')
  })
})
