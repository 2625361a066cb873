import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applySettingsText, defaultSettings, parseSettingValues, settingsTable } from '@pc2/core'

describe('ipfs settings', () => {
  it('defaults to port 4001, an automatic quota, LAN only, and the admin port for the gateway', () => {
    const settings = defaultSettings()
    assert.equal(settings['ipfs.port'], 4001)
    assert.equal(settings['ipfs.quota'], 'auto')
    assert.equal(settings['ipfs.publicNetwork'], 'off')
    assert.equal(settings['ipfs.gatewayPort'], 'auto')
  })

  it('reads quotas as bytes with binary units', () => {
    const parse = settingsTable['ipfs.quota'].parser.parse
    assert.equal(parse('auto'), 'auto')
    assert.equal(parse('1048576'), 1048576)
    assert.equal(parse('500M'), 500 * 1024 ** 2)
    assert.equal(parse('20G'), 20 * 1024 ** 3)
    assert.equal(parse('2t'), 2 * 1024 ** 4)
    assert.equal(parse('0'), 0)
    for (const bad of ['', '-1', '1.5G', '10 G', '10GB', 'lots', '08', '99999999999T']) assert.equal(parse(bad), undefined, bad)
  })

  it('refuses bad values naming what it expects', () => {
    const settings = defaultSettings()
    const problems = applySettingsText(settings, '[ipfs]\nquota = huge\ngatewayPort = 0\npublicNetwork = yes\nport = 4002\n', 'pc2.conf')
    assert.equal(problems.length, 3)
    assert.match(problems[0] ?? '', /ipfs\.quota: "huge" is not valid; expected auto or a size in bytes/)
    assert.match(problems[1] ?? '', /ipfs\.gatewayPort: "0" is not valid; expected auto or an integer from 1 to 65535/)
    assert.match(problems[2] ?? '', /ipfs\.publicNetwork: "yes" is not valid; expected one of: off, on/)
    assert.equal(settings['ipfs.port'], 4002)
    assert.deepEqual(parseSettingValues({ 'ipfs.gatewayPort': '8080', 'ipfs.quota': '1G' }), { 'ipfs.gatewayPort': 8080, 'ipfs.quota': 1024 ** 3 })
  })
})
