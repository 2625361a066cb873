// pc2-egress for real, in namespaces made for the test (@pc2/test-support/netns): the service applies
// its ruleset to the node namespace's nftables, reads refusals from NFLOG through tcpdump,
// and probes started in each unit's cgroup, and as a stranger, try to get out.
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { callSocket, createTestNetwork, nodeAddress, peerAddress, startEgress } from '@pc2/test-support/netns'
import type { ProbeAttempt, TestNetwork } from '@pc2/test-support/netns'

const units = ['pc2-shop', 'pc2-ipfs', 'pc2-vault', 'pc2-admin', 'runs.slice/pc2-app-feed-1', 'runs.slice/pc2-app-other-1']

const call = callSocket

function attempts (count: number, make: (index: number) => ProbeAttempt): ProbeAttempt[] {
  return Array.from({ length: count }, (_, index) => make(index))
}

describe('pc2-egress in a network namespace', { timeout: 180_000 }, () => {
  let network: TestNetwork
  let service: ChildProcess
  let directory: string
  let socket: string
  let serviceLog = (): string => ''
  const confFile = (): string => join(directory, 'config', 'pc2.conf')

  const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      if (await check()) return
      await sleep(100)
    }
    throw new Error(`${what} did not happen within ${timeoutMs} ms; pc2-egress said:\n${serviceLog()}`)
  }

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'pc2-egress-'))
    mkdirSync(join(directory, 'config'))
    writeFileSync(confFile(), `[shop]\nrpcUrl = http://${peerAddress}:8545\n[egress]\nntpServers =\n`)
    writeFileSync(join(directory, 'resolv.conf'), `nameserver 127.0.0.53\nnameserver ${peerAddress}\n`)
    network = await createTestNetwork(units, ['tcp:8545', 'tcp:9000', 'tcp:4001', 'udp:9001', 'udp:53'])
    const started = await startEgress(network, directory)
    service = started.process
    socket = started.socket
    serviceLog = started.log
  })

  after(async () => {
    service?.kill('SIGTERM')
    await network?.dispose()
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true })
  })

  it('applies the table: default drop out and in, one chain per unit, the units\' cgroups in their sets', () => {
    const table = network.inNode(['nft', 'list', 'table', 'inet', 'pc2'])
    assert.match(table, /chain output \{\s+type filter hook output priority filter; policy drop;/)
    assert.match(table, /chain input \{\s+type filter hook input priority filter; policy drop;/)
    for (const short of ['shop', 'ipfs', 'vault', 'admin']) assert.match(table, new RegExp(`socket cgroupv2 level 2 @cg_${short} jump unit_${short}`))
    assert.match(table, new RegExp(`"${network.slice}/pc2-shop.service"`))
    assert.match(table, new RegExp(`${peerAddress.replaceAll('.', '\\.')} \\. tcp \\. 8545`))
  })

  it('says the policy in words, with where each allowance comes from', async () => {
    const { json } = await call(socket, 'GET', '/policy')
    const shop = json.words.units.find((unit: any) => unit.unit === 'pc2-shop')
    assert.deepEqual(shop.allowed.map((line: any) => line.setting), ['shop.rpcUrl'])
    assert.match(shop.allowed[0].text, /http:\/\/10\.9\.0\.2:8545/)
    const vault = json.words.units.find((unit: any) => unit.unit === 'pc2-vault')
    assert.deepEqual(vault.allowed, [])
    assert.match(json.words.incoming[0].text, /never refused/)
    const resolved = json.words.units.find((unit: any) => unit.unit === 'systemd-resolved')
    assert.match(resolved.allowed[0].text, /DNS servers 10\.9\.0\.2, port 53/)
  })

  it('lets each unit reach only what it is allowed; 100+ attempts per unit and for a stranger, none escapes, each recorded', async () => {
    const before = (await call(socket, 'GET', '/blocked')).json
    const forbidden = (index: number): ProbeAttempt => {
      const choices: ProbeAttempt[] = [
        { protocol: 'tcp', host: peerAddress, port: 9000 },
        { protocol: 'tcp', host: peerAddress, port: 4001 },
        { protocol: 'udp', host: peerAddress, port: 9001 },
        { protocol: 'tcp', host: '198.51.100.7', port: 443 },
        { protocol: 'udp', host: '203.0.113.9', port: 53 }
      ]
      return choices[index % choices.length]!
    }
    const cases: Array<{ unit: string | undefined, label: string, tries: ProbeAttempt[] }> = [
      { unit: 'pc2-shop', label: 'pc2-shop', tries: attempts(100, forbidden) },
      { unit: 'pc2-vault', label: 'pc2-vault', tries: attempts(100, (index) => ({ protocol: index % 2 === 0 ? 'tcp' : 'udp', host: peerAddress, port: 8545 + index })) },
      { unit: 'pc2-admin', label: 'pc2-admin', tries: attempts(100, forbidden) },
      // pc2-ipfs may reach the LAN; beyond it, nothing.
      { unit: 'pc2-ipfs', label: 'pc2-ipfs', tries: attempts(100, (index) => ({ protocol: index % 2 === 0 ? 'tcp' : 'udp', host: `198.51.100.${1 + (index % 50)}`, port: 4001 })) },
      { unit: undefined, label: 'other', tries: attempts(100, (index) => ({ protocol: 'tcp', host: peerAddress, port: [8545, 9000, 4001][index % 3]! })) }
    ]
    for (const { unit, label, tries } of cases) {
      const results = network.probe(unit, tries)
      const escaped = results.filter((result) => result.ok || !['EHOSTUNREACH', 'EPERM', 'EACCES'].includes(result.code))
      assert.deepEqual(escaped, [], `${label}: attempts that were not refused`)
      // Refused at once, not left to time out: the program gets its error within milliseconds.
      const median = results.map((result) => result.ms).sort((a, b) => a - b)[50]!
      assert.ok(median < 100, `${label}: median refusal took ${median} ms`)
      let recorded = 0
      await waitFor(`${label}'s 100 refusals in the record`, async () => {
        const now = (await call(socket, 'GET', '/blocked')).json
        recorded = (now.byUnit[label] ?? 0) - (before.byUnit[label] ?? 0)
        return recorded >= 100
      }).catch((error: Error) => { throw new Error(`${error.message}\n(${recorded} recorded)`) })
    }
    const record = (await call(socket, 'GET', '/blocked?unit=pc2-shop')).json
    const entry = record.destinations.find((line: any) => line.destination === peerAddress && line.port === 9000 && line.protocol === 'tcp')
    assert.ok(entry.count >= 20, `pc2-shop → ${peerAddress}:9000 recorded ${entry.count} times`)
    assert.ok(record.recent.every((attempt: any) => attempt.unit === 'pc2-shop'))
  })

  it('still lets allowed traffic through: the shop its RPC, IPFS the LAN', () => {
    assert.deepEqual(network.probe('pc2-shop', [{ protocol: 'tcp', host: peerAddress, port: 8545 }]).map((result) => result.code), ['OK'])
    assert.deepEqual(network.probe('pc2-ipfs', [
      { protocol: 'tcp', host: peerAddress, port: 4001 },
      { protocol: 'udp', host: peerAddress, port: 9001 }
    ]).map((result) => result.code), ['OK', 'REPLY'])
    // A stranger cannot borrow the shop's allowance.
    assert.equal(network.probe(undefined, [{ protocol: 'tcp', host: peerAddress, port: 8545 }])[0]!.code, 'EHOSTUNREACH')
  })

  it('takes an owner\'s new destination at once, and takes it back, without a restart', async () => {
    const to9000: ProbeAttempt = { protocol: 'tcp', host: peerAddress, port: 9000 }
    assert.equal(network.probe('pc2-shop', [to9000])[0]!.code, 'EHOSTUNREACH')
    const added = await call(socket, 'POST', '/units/pc2-shop/destinations', { host: peerAddress, protocol: 'tcp', port: 9000, note: 'a second RPC' })
    assert.equal(added.status, 201, JSON.stringify(added.json))
    assert.equal(added.json.key, `tcp/${peerAddress}/9000`)
    assert.equal(network.probe('pc2-shop', [to9000])[0]!.code, 'OK')
    const again = await call(socket, 'POST', '/units/pc2-shop/destinations', { host: peerAddress, port: '9000' })
    assert.equal(again.status, 200)
    assert.equal(again.json.added, false)
    const saved = JSON.parse(readFileSync(join(directory, 'state', 'allow.json'), 'utf8'))
    assert.deepEqual(saved.units['pc2-shop'], [{ host: peerAddress, protocol: 'tcp', ports: { from: 9000, to: 9000 }, note: 'a second RPC' }])
    const removed = await call(socket, 'DELETE', `/units/pc2-shop/destinations/${encodeURIComponent(added.json.key)}`)
    assert.equal(removed.status, 200)
    assert.equal(network.probe('pc2-shop', [to9000])[0]!.code, 'EHOSTUNREACH')
    assert.equal((await call(socket, 'DELETE', `/units/pc2-shop/destinations/${encodeURIComponent(added.json.key)}`)).json.error.name, 'NotFoundError')
  })

  it('lets an app granted the network reach only what it was granted, records the rest under its name, and takes it back', async () => {
    const to9000: ProbeAttempt = { protocol: 'tcp', host: peerAddress, port: 9000 }
    const put = await call(socket, 'PUT', '/apps/feed/destinations', { destinations: [{ host: peerAddress, port: 9000 }] })
    assert.equal(put.status, 200, JSON.stringify(put.json))
    assert.equal(put.json.changed, true)
    assert.deepEqual(put.json.policy.apps.feed.map((destination: any) => destination.key), [`tcp/${peerAddress}/9000`])
    assert.equal((await call(socket, 'PUT', '/apps/feed/destinations', { destinations: [{ host: peerAddress, port: '9000' }] })).json.changed, false)
    // What systemd does as a run's unit starts, by its NFTSet= (pc2-apps-launcher sets it).
    network.inNode(['nft', 'add', 'element', 'inet', 'pc2', 'cg_a_feed', `{ "${network.slice}/runs.slice/pc2-app-feed-1.service" }`])
    const before = (await call(socket, 'GET', '/blocked')).json.byUnit['pc2-app-feed'] ?? 0
    assert.deepEqual(network.probe('runs.slice/pc2-app-feed-1', [to9000, { protocol: 'tcp', host: peerAddress, port: 8545 }, { protocol: 'udp', host: peerAddress, port: 9001 }]).map((result) => result.code), ['OK', 'EHOSTUNREACH', 'EPERM'])
    await waitFor('the app\'s refusals in the record under its name', async () => ((await call(socket, 'GET', '/blocked')).json.byUnit['pc2-app-feed'] ?? 0) >= before + 2)
    // Another app's run borrows nothing: it is in no set, a stranger.
    assert.equal(network.probe('runs.slice/pc2-app-other-1', [to9000])[0]!.code, 'EHOSTUNREACH')
    const words = (await call(socket, 'GET', '/policy')).json.words
    assert.deepEqual(words.apps, [{ app: 'feed', allowed: [{ text: `${peerAddress}, port 9000 (TCP)`, source: 'owner', key: `tcp/${peerAddress}/9000` }] }])
    assert.deepEqual(JSON.parse(readFileSync(join(directory, 'state', 'allow.json'), 'utf8')).apps, { feed: [{ host: peerAddress, protocol: 'tcp', ports: { from: 9000, to: 9000 } }] })

    const bad: Array<[string, unknown, string]> = [
      ['/apps/Feed_1/destinations', { destinations: [] }, 'app'],
      ['/apps/feed/destinations', { destinations: [{ host: 'not a host', port: 80 }] }, 'destinations[0]'],
      ['/apps/feed/destinations', { hosts: [] }, 'destinations']
    ]
    for (const [path, body, field] of bad) {
      const answer = await call(socket, 'PUT', path, body)
      assert.equal(answer.status, 400, JSON.stringify(answer.json))
      assert.equal(answer.json.error.details.field, field)
    }
    assert.equal(network.probe('runs.slice/pc2-app-feed-1', [to9000])[0]!.code, 'OK', 'a refused change leaves the grant as it was')

    assert.equal((await call(socket, 'PUT', '/apps/feed/destinations', { destinations: [] })).json.changed, true)
    assert.equal(network.probe('runs.slice/pc2-app-feed-1', [to9000])[0]!.code, 'EHOSTUNREACH')
    assert.deepEqual((await call(socket, 'GET', '/policy')).json.words.apps, [])
  })

  it('refuses bad destinations with an error naming the field, and changes nothing', async () => {
    const rulesBefore = (await call(socket, 'GET', '/ruleset')).json.text
    const cases: Array<[unknown, string, string]> = [
      [{ host: '10.0.0.1/8' }, 'InvalidInputError', 'host'],
      [{ host: 'not a host' }, 'InvalidInputError', 'host'],
      [{ host: peerAddress, port: 70000 }, 'InvalidInputError', 'port'],
      [{ host: peerAddress, protocol: 'icmp' }, 'InvalidInputError', 'protocol'],
      [{ host: peerAddress, via: 'x' }, 'InvalidInputError', 'via']
    ]
    for (const [body, name, field] of cases) {
      const answer = await call(socket, 'POST', '/units/pc2-shop/destinations', body)
      assert.equal(answer.status, 400, JSON.stringify(answer.json))
      assert.equal(answer.json.error.name, name)
      assert.equal(answer.json.error.details.field, field)
    }
    const vault = await call(socket, 'POST', '/units/pc2-vault/destinations', { host: peerAddress })
    assert.equal(vault.json.error.name, 'NoNetworkUnitError')
    const stranger = await call(socket, 'POST', '/units/sshd/destinations', { host: peerAddress })
    assert.equal(stranger.json.error.name, 'UnitNotFoundError')
    assert.equal((await call(socket, 'GET', '/ruleset')).json.text, rulesBefore)
  })

  it('follows a changed setting without a restart: a new chain RPC port', async () => {
    writeFileSync(confFile(), `[shop]\nrpcUrl = http://${peerAddress}:9000\n[egress]\nntpServers =\n`)
    await waitFor('the new RPC port allowed', () => network.probe('pc2-shop', [{ protocol: 'tcp', host: peerAddress, port: 9000 }])[0]!.code === 'OK')
    assert.equal(network.probe('pc2-shop', [{ protocol: 'tcp', host: peerAddress, port: 8545 }])[0]!.code, 'EHOSTUNREACH')
  })

  it('shows refusals live on its event stream', async () => {
    const events: string[] = []
    const stream = request({ socketPath: socket, path: '/events' }, (incoming) => { incoming.on('data', (chunk) => { events.push(String(chunk)) }) })
    stream.end()
    await waitFor('the stream opening', () => events.join('').includes('event: blocked'))
    network.probe('pc2-vault', [{ protocol: 'tcp', host: peerAddress, port: 7777 }])
    await waitFor('the refusal on the stream', () => events.join('').includes('"port":7777'))
    stream.destroy()
    assert.match(events.join(''), /event: refused\ndata: \{"unit":"pc2-vault","protocol":"tcp","destination":"10\.9\.0\.2","port":7777/)
  })

  it('always lets the LAN reach the admin port, and refuses other ports coming in', () => {
    const [admin, other] = network.probeFromPeer([
      { protocol: 'tcp', host: nodeAddress, port: 80 },
      { protocol: 'tcp', host: nodeAddress, port: 2222 }
    ])
    // Nothing listens on 80 here: the node's own TCP answers with a reset, so the packet got in.
    assert.equal(admin!.code, 'ECONNREFUSED')
    assert.equal(other!.code, 'TIMEOUT')
  })

  it('keeps the rules in force when it stops, and its record across a restart', async () => {
    const total = (await call(socket, 'GET', '/blocked')).json.total
    service.kill('SIGTERM')
    await new Promise((resolve) => service.once('exit', resolve))
    assert.equal(network.probe('pc2-shop', [{ protocol: 'tcp', host: peerAddress, port: 4001 }])[0]!.code, 'EHOSTUNREACH')
    const saved = JSON.parse(readFileSync(join(directory, 'state', 'blocked.json'), 'utf8'))
    assert.ok(saved.total >= total, `saved ${saved.total} of ${total}`)
  })
})
