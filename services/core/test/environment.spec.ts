import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { readEnvironment } from '../src/index.ts'

describe('readEnvironment', () => {
  const read = readEnvironment({ PC2_DIR: ' /data/x ', PC2_BLANK: '  ', PC2_LIST: 'a, b,,c ', PC2_MDNS: 'off', PC2_BAD: 'maybe' })

  it('reads a value, trimmed, and falls back when it is unset or blank', () => {
    assert.equal(read.text('PC2_DIR', '/data'), '/data/x')
    assert.equal(read.text('PC2_BLANK', '/data'), '/data')
    assert.equal(read.text('PC2_UNSET', '/data'), '/data')
    assert.equal(read.optional('PC2_BLANK'), undefined)
  })

  it('reads a comma-separated list without blanks', () => {
    assert.deepEqual(read.list('PC2_LIST'), ['a', 'b', 'c'])
    assert.equal(read.list('PC2_UNSET'), undefined)
  })

  it('takes one of the choices, and names the variable and the choices otherwise', () => {
    assert.equal(read.choice('PC2_MDNS', ['on', 'off'], 'on'), 'off')
    assert.equal(read.choice('PC2_UNSET', ['on', 'off'], 'on'), 'on')
    assert.throws(() => read.choice('PC2_BAD', ['on', 'off'], 'on'), (error: Error & { details?: unknown }) => {
      assert.equal(error.name, 'ConfigError')
      assert.equal(error.message, 'PC2_BAD="maybe" is not valid; expected on or off')
      assert.deepEqual(error.details, { variable: 'PC2_BAD' })
      return true
    })
  })
})
