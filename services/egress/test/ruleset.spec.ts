import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseAddressBlock } from '../src/address.ts'
import { parseDestination } from '../src/destination.ts'
import { renderRule, renderRuleset, RulesetError } from '../src/nft/ruleset.ts'
import type { NftTable } from '../src/nft/ruleset.ts'
import { buildPolicy } from '../src/policy.ts'
import type { PolicyInput } from '../src/policy.ts'

const input: PolicyInput = {
  adminPort: 80,
  ipfsPort: 4001,
  gatewayPort: 80,
  ipfsPublic: false,
  resolvers: [parseAddressBlock('10.0.2.3')],
  ntp: { names: [], addresses: [] },
  chainRpc: { url: 'http://10.0.2.100:8545', addresses: [parseAddressBlock('10.0.2.100')], port: 8545 },
  owner: {},
  apps: [],
  appCgroupLevel: 4,
  logGroup: 7,
  cgroupLevel: 2
}

describe('addresses', () => {
  it('puts addresses and blocks in canonical form', () => {
    assert.equal(parseAddressBlock('2001:DB8:0:0:0:0:0:1').text, '2001:db8::1')
    assert.equal(parseAddressBlock('fe80::/10').text, 'fe80::/10')
    assert.equal(parseAddressBlock('192.168.1.7/32').text, '192.168.1.7')
    assert.equal(parseAddressBlock('::ffff:10.0.0.1').text, '::ffff:a00:1')
  })

  it('refuses a block with host bits set, naming the block meant', () => {
    assert.throws(() => parseAddressBlock('10.0.0.1/8'), /has host bits set; the block is 10\.0\.0\.0\/8/)
    assert.throws(() => parseAddressBlock('10.0.0.0/33'), /prefix length must be 0-32/)
    assert.throws(() => parseAddressBlock('10.0.0/8'), /is not an IPv4 or IPv6 address/)
  })
})

describe('destinations', () => {
  it('reads host, protocol, port or range, and note', () => {
    assert.deepEqual(parseDestination({ host: 'RPC.Example.org', port: '8545' }), { host: 'rpc.example.org', protocol: 'tcp', ports: { from: 8545, to: 8545 } })
    assert.deepEqual(parseDestination({ host: '10.1.0.0/16', protocol: 'udp', port: '5000-5010', note: ' lab ' }), { host: '10.1.0.0/16', protocol: 'udp', ports: { from: 5000, to: 5010 }, note: 'lab' })
  })

  it('refuses what nftables could not hold, naming the field', () => {
    for (const [body, field] of [[{ host: '' }, 'host'], [{ host: 'a b' }, 'host'], [{ host: 'x.org', port: '9-1' }, 'port'], [{ host: 'x.org', note: 'a\nb' }, 'note'], [{ host: 'x.org', port: 0 }, 'port']] as const) {
      assert.throws(() => parseDestination(body), (error: any) => error.name === 'InvalidInputError' && error.details.field === field)
    }
  })
})

describe('the nftables builder', () => {
  it('renders one transaction: declare, flush the chains and destination sets, refill', () => {
    const text = renderRuleset(buildPolicy(input).table)
    const lines = text.split('\n')
    assert.equal(lines[0], 'table inet pc2 {')
    assert.ok(lines.includes('  set cg_shop { type cgroupsv2; }'))
    assert.ok(lines.includes('flush chain inet pc2 output'))
    assert.ok(lines.includes('flush set inet pc2 shop_v4'))
    assert.ok(!lines.some((line) => line.startsWith('flush set inet pc2 cg_')), 'cgroup sets belong to systemd and are never emptied')
    assert.ok(lines.includes('add element inet pc2 shop_v4 { 10.0.2.100 . tcp . 8545 }'))
    assert.ok(lines.includes('add rule inet pc2 output socket cgroupv2 level 2 @cg_shop jump unit_shop'))
    assert.equal(lines.filter((line) => line.startsWith('add rule inet pc2 unit_shop')).at(-1), 'add rule inet pc2 unit_shop log prefix "pc2-egress pc2-shop " group 7 reject with icmpx admin-prohibited')
    // The admin port is the first thing the input chain decides, whatever comes after.
    assert.equal(lines.find((line) => line.startsWith('add rule inet pc2 input')), 'add rule inet pc2 input tcp dport 80 accept comment "the admin UI: never refused"')
  })

  it('keeps overlapping allowances to one element each (interval sets refuse duplicates)', () => {
    const owner = { 'pc2-ipfs': [{ host: '10.0.2.100', protocol: 'tcp' as const, ports: { from: 80, to: 80 }, addresses: [parseAddressBlock('10.0.2.100')] }] }
    const text = renderRuleset(buildPolicy({ ...input, owner }).table)
    assert.doesNotMatch(text, /10\.0\.2\.100 \. tcp \. 80\b/)
  })

  it('refuses names, prefixes and references that would not be what they say', () => {
    const table = (change: (table: NftTable) => void): NftTable => {
      const built = buildPolicy(input).table
      change(built)
      return built
    }
    assert.throws(() => renderRuleset(table((t) => { t.name = 'pc2; flush ruleset' })), RulesetError)
    assert.throws(() => renderRule({ matches: [], statements: [{ kind: 'log', prefix: 'x" accept #', group: 1 }] }), /log prefix/)
    assert.throws(() => renderRule({ matches: [{ kind: 'destinationPort', protocol: 'tcp', ports: [{ from: 10, to: 1 }] }], statements: [] }), /port range 10-1/)
    assert.throws(() => renderRuleset(table((t) => { t.chains[1]!.rules.push({ matches: [], statements: [], verdict: { kind: 'jump', chain: 'nowhere' } }) })), /jumps to nowhere/)
    assert.throws(() => renderRuleset(table((t) => { t.sets.find((set) => set.name === 'shop_v6')!.elements.push({ address: parseAddressBlock('10.0.0.1'), protocol: 'tcp', ports: { from: 1, to: 1 } }) })), /holds ipv6 destinations/)
  })

  it('gives each app granted the network a chain of its own, matched at its runs\' depth', () => {
    const apps = [
      { app: 'weather-feed', destinations: [{ host: '10.0.2.100', protocol: 'tcp' as const, ports: { from: 8080, to: 8080 }, addresses: [parseAddressBlock('10.0.2.100')] }] },
      { app: 'later', destinations: [{ host: 'feed.example', protocol: 'tcp' as const, ports: { from: 443, to: 443 }, addresses: [], unresolved: 'feed.example did not resolve (ENOTFOUND)' }] }
    ]
    const { table, words } = buildPolicy({ ...input, apps })
    const lines = renderRuleset(table).split('\n')
    assert.ok(lines.includes('  set cg_a_weather_feed { type cgroupsv2; }'))
    assert.ok(lines.includes('add rule inet pc2 output socket cgroupv2 level 4 @cg_a_weather_feed jump unit_a_weather_feed'))
    assert.ok(lines.includes('add element inet pc2 a_weather_feed_v4 { 10.0.2.100 . tcp . 8080 }'))
    assert.equal(lines.filter((line) => line.startsWith('add rule inet pc2 unit_a_weather_feed')).at(-1), 'add rule inet pc2 unit_a_weather_feed log prefix "pc2-egress pc2-app-weather-feed " group 7 reject with icmpx admin-prohibited')
    // A name not resolved yet allows nothing, and says so.
    assert.ok(!lines.some((line) => line.startsWith('add element inet pc2 a_later_v4')))
    assert.deepEqual(words.apps.map((app) => [app.app, app.allowed.map((line) => line.text)]), [
      ['weather-feed', ['10.0.2.100, port 8080 (TCP)']],
      ['later', ['feed.example, port 443 (TCP) — not resolved yet: feed.example did not resolve (ENOTFOUND)']]
    ])
    // The units' dispatch comes first; an app's never shadows a service's.
    const dispatch = lines.filter((line) => line.startsWith('add rule inet pc2 output socket cgroupv2'))
    assert.match(dispatch.at(-1)!, /@cg_a_later /)
  })

  it('says the policy in words: what each unit may reach and where that comes from', () => {
    const { words } = buildPolicy({ ...input, ipfsPublic: true })
    const unit = (name: string): any => words.units.find((entry) => entry.unit === name)
    assert.match(unit('pc2-shop').allowed[0].text, /the chain RPC http:\/\/10\.0\.2\.100:8545 \(10\.0\.2\.100\), port 8545/)
    assert.equal(unit('pc2-ipfs').allowed[0].setting, 'ipfs.publicNetwork')
    assert.match(unit('pc2-ipfs').allowed[0].text, /anywhere/)
    assert.deepEqual(unit('pc2-vault').allowed, [])
    assert.equal(unit('pc2-vault').ownerMayAdd, false)
  })
})
