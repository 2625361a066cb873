import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  choiceValue, describeInvalid, ethereumAddressValue, httpUrlValue, integerValue, ipAddressValue, listValue, offOrValue,
  patternValue, textValue
} from '../src/index.ts'

describe('value parsers', () => {
  it('httpUrlValue takes http(s) URLs with a host and refuses credentials and other schemes', () => {
    const url = httpUrlValue()
    assert.equal(url.parse('http://10.0.2.100:8545'), 'http://10.0.2.100:8545')
    assert.equal(url.parse('https://rpc.example/v1'), 'https://rpc.example/v1')
    for (const bad of ['ftp://x', 'http://user:pw@host', 'localhost:8545', '', 'http://']) assert.equal(url.parse(bad), undefined, bad)
  })

  it('ethereumAddressValue takes 0x + 40 hex digits in any case', () => {
    const address = ethereumAddressValue()
    assert.equal(address.parse('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'), '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
    for (const bad of ['0x123', 'f39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0xg39Fd6e51aad88F6F4ce6aB8827279cffFb92266']) assert.equal(address.parse(bad), undefined, bad)
  })

  it('offOrValue adds off and says so', () => {
    const rpc = offOrValue(httpUrlValue())
    assert.equal(rpc.parse('off'), 'off')
    assert.equal(rpc.parse('nope'), undefined)
    assert.match(rpc.expected, /^off, or an http/)
  })

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
