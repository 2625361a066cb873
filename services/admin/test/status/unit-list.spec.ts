import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseUnitList } from '../../src/status/unit-list.ts'

describe('parseUnitList', () => {
  it('takes the first column of plain list-units output', () => {
    const stdout = [
      'pc2-admin.service   loaded    active   running PC2 admin UI and API',
      '● pc2-egress.service loaded    failed   failed  PC2 egress firewall',
      'pc2-ipfs.socket     loaded    active   listening PC2 IPFS socket',
      ''
    ].join('\n')
    assert.deepEqual(parseUnitList(stdout), ['pc2-admin.service', 'pc2-egress.service', 'pc2-ipfs.socket'])
  })

  it('returns nothing for empty output', () => {
    assert.deepEqual(parseUnitList(''), [])
    assert.deepEqual(parseUnitList('\n\n'), [])
  })
})
