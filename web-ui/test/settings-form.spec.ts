import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Setting } from '@pc2/core'
import { changedValues, describeSource, groupBySection } from '../src/lib/settings-form.ts'

function setting (name: string, value: string): Setting {
  return { name, section: name.split('.')[0] ?? '', help: '', default: value, value, source: 'default', restartRequired: false }
}

const settings = [setting('admin.port', '80'), setting('log.level', 'info'), setting('admin.listen', '::')]

describe('settings form', () => {
  it('groups by section in the order the server sent', () => {
    assert.deepEqual(groupBySection(settings).map(({ section, settings: list }) => [section, list.map((item) => item.name)]), [
      ['admin', ['admin.port', 'admin.listen']],
      ['log', ['log.level']]
    ])
  })

  it('sends only values that differ from the saved ones', () => {
    assert.deepEqual(changedValues(settings, {}), {})
    assert.deepEqual(changedValues(settings, { 'admin.port': '80', 'log.level': 'debug' }), { 'log.level': 'debug' })
    assert.deepEqual(changedValues(settings, { 'admin.port': '' }), { 'admin.port': '' })
    assert.deepEqual(changedValues(settings, { 'unknown.key': 'x' }), {})
  })

  it('says where a value came from', () => {
    assert.equal(describeSource('default'), 'the built-in default')
    assert.equal(describeSource('image'), 'set by the image')
    assert.equal(describeSource('/data/config/pc2.conf.d/50-admin-ui.conf'), 'set in /data/config/pc2.conf.d/50-admin-ui.conf')
  })
})
