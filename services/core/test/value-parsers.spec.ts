import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  choiceValue, describeInvalid, integerValue, ipAddressValue, listValue, patternValue, textValue
} from '../src/index.ts'

describe('value parsers', () => {
  it('integerValue accepts only plain decimal integers inside the range', () => {
    const port = integerValue(1, 65535)
    assert.equal(port.parse('80'), 80)
    assert.equal(port.parse('65535'), 65535)
    for (const bad of ['0', '65536', '-1', '08', '8.0', '1e3', ' 80', '', 'eighty']) {
      assert.equal(port.parse(bad), undefined, bad)
    }
    assert.equal(port.expected, 'an integer from 1 to 65535')
  })

  it('choiceValue names the choices', () => {
    const console = choiceValue(['off', 'debug'])
    assert.equal(console.parse('debug'), 'debug')
    assert.equal(console.parse('Debug'), undefined)
    assert.equal(describeInvalid('of', console.expected), '"of" is not valid; expected one of: off, debug')
  })

  it('listValue splits on whitespace and checks each item', () => {
    const targets = listValue(choiceValue(['x86_64', 'aarch64', 'rpi']), { allowEmpty: false })
    assert.deepEqual(targets.parse('x86_64  rpi'), ['x86_64', 'rpi'])
    assert.equal(targets.parse(''), undefined)
    assert.equal(targets.parse('x86_64 arm'), undefined)
    assert.equal(targets.parse('rpi rpi'), undefined)
    const services = listValue(patternValue(/^[a-z]+$/, 'names'), { allowEmpty: true })
    assert.deepEqual(services.parse(''), [])
  })

  it('textValue may refuse empty text', () => {
    assert.equal(textValue({ allowEmpty: false }).parse('  '), undefined)
    assert.equal(textValue({ allowEmpty: true }).parse(''), '')
  })

  it('ipAddressValue takes IPv4 and IPv6 literals only', () => {
    const address = ipAddressValue()
    for (const good of ['::', '0.0.0.0', '127.0.0.1', 'fe80::1', '::ffff:10.0.0.1']) assert.equal(address.parse(good), good)
    for (const bad of ['localhost', '[::]', '300.1.1.1', '']) assert.equal(address.parse(bad), undefined, bad)
  })
})
