import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseIni } from '../src/ini.ts'

describe('parseIni', () => {
  it('reads sections, key = value pairs and both comment styles', () => {
    const text = '# comment\n; other comment\nloose = 1\n[admin]\nport=8080\n  listen = "::"  \n\n[log]\nlevel = debug\n'
    const { entries, problems } = parseIni(text, 'pc2.conf')
    assert.deepEqual(problems, [])
    assert.deepEqual(entries, [
      { section: undefined, key: 'loose', value: '1', line: 3 },
      { section: 'admin', key: 'port', value: '8080', line: 5 },
      { section: 'admin', key: 'listen', value: '::', line: 6 },
      { section: 'log', key: 'level', value: 'debug', line: 9 }
    ])
  })

  it('names the file and line of a line it cannot read', () => {
    const { entries, problems } = parseIni('[admin]\nport 8080\n[bad section]\n', 'pc2.conf')
    assert.deepEqual(entries, [])
    assert.deepEqual(problems, [
      'pc2.conf:2: not a [section] or key = value line: "port 8080"',
      'pc2.conf:3: not a [section] or key = value line: "[bad section]"'
    ])
  })
})
