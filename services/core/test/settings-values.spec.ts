import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseSettingValues } from '../src/index.ts'

describe('parseSettingValues', () => {
  it('parses every value with its table parser', () => {
    assert.deepEqual(parseSettingValues({ 'admin.port': '8081', 'log.level': 'debug', 'auth.chainId': '8453' }), {
      'admin.port': 8081, 'log.level': 'debug', 'auth.chainId': 8453
    })
    assert.deepEqual(parseSettingValues({}), {})
  })

  it('refuses the whole batch at the first bad value, naming setting and expectation', () => {
    assert.throws(() => parseSettingValues({ 'log.level': 'debug', 'auth.sessionHours': '200' }), (error: Error & { details?: unknown }) => {
      assert.equal(error.name, 'InvalidInputError')
      assert.deepEqual(error.details, { setting: 'auth.sessionHours', expected: 'an integer from 1 to 168' })
      assert.equal(error.message, 'auth.sessionHours: "200" is not valid; expected an integer from 1 to 168')
      return true
    })
  })

  it('refuses unknown settings, values that are not text, and a body that is no object', () => {
    assert.throws(() => parseSettingValues({ 'admin.prot': '1' }), (error: Error & { details?: Record<string, unknown> }) => {
      assert.equal(error.details?.setting, 'admin.prot')
      assert.match(String(error.details?.expected), /^one of: admin\.port, /)
      return true
    })
    assert.throws(() => parseSettingValues({ 'admin.port': 8081 }), (error: Error & { details?: unknown }) => {
      assert.deepEqual(error.details, { setting: 'admin.port', expected: 'an integer from 1 to 65535' })
      return true
    })
    for (const body of [null, 'x', ['admin.port']]) assert.throws(() => parseSettingValues(body), { name: 'InvalidInputError' })
  })
})
