// The firewall on the booted appliance, seen from inside: the debug image (the same PC2 with a
// root shell on the serial console; `scripts/build-image --variant debug`) runs probes in the
// cgroup of each PC2 service and as a stranger. Each makes 100+ connection attempts where it
// is not allowed — the host over QEMU's user network, other ports, other addresses — and
// none may get through; all must show in pc2-egress's record. What each may reach still
// works (the chain RPC through a guestfwd), a destination the owner allows through the API
// works at once and stops when removed, and every PC2 unit's exposure is scored live.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import type { Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { builtImage, flashedDisk } from '@pc2/test-support/images'
import { claimNode, newOwner } from '@pc2/test-support/owner'
import type { OwnerSession } from '@pc2/test-support/owner'
import { freePort } from '@pc2/test-support/free-port'
import { probeScript } from '@pc2/test-support/netns'
import { VM, waitUntilReady } from '@pc2/test-support/qemu'

const image = builtImage('debug')
const probeSource = readFileSync(probeScript, 'utf8')
const rpc = { address: '10.0.2.100', port: 8545 }
const extra = { address: '10.0.2.100', port: 9000 }
const units = ['pc2-shop', 'pc2-ipfs', 'pc2-vault', 'pc2-admin', 'pc2-egress']

interface Attempt { protocol: 'tcp' | 'udp', host: string, port: number }
interface Result { ok: boolean, code: string, ms: number }

/** A TCP server on the host that answers "ok", as the probes expect of an allowed peer. */
async function okServer (port: number): Promise<Server> {
  const server = createServer((socket) => { socket.end('ok') })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return server
}

describe('egress lockdown on the image', { timeout: 30 * 60_000 }, () => {
  const directory = mkdtempSync(join(tmpdir(), 'pc2-egress-test-'))
  const servers: Server[] = []
  let vm: VM
  let session: OwnerSession
  let origin: string
  const figures: Record<string, { attempts: number, escapes: number }> = {}

  const owner = async <T>(path: string, init: { method?: string, json?: unknown } = {}, status = 200): Promise<T> => {
    const response = await fetch(`${origin}${path}`, {
      method: init.method ?? 'GET',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, origin, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) })
    })
    const text = await response.text()
    assert.equal(response.status, status, `${init.method ?? 'GET'} ${path}: ${text}`)
    return JSON.parse(text) as T
  }

  const probe = async (unit: string | undefined, attempts: Attempt[]): Promise<Result[]> => {
    const join = unit === undefined ? '' : `echo $$ > /sys/fs/cgroup/system.slice/${unit}.service/cgroup.procs && `
    const { status, output } = await vm.shell(`sh -c '${join}exec /usr/lib/pc2/node /run/probe.mjs "$0"' '${JSON.stringify(attempts)}'`, 10 * 60_000)
    assert.equal(status, 0, output)
    return JSON.parse(output.trim().split('\n').at(-1)!) as Result[]
  }

  before(async () => {
    const rpcPort = await freePort()
    const extraPort = await freePort()
    servers.push(await okServer(rpcPort), await okServer(extraPort))
    const disk = join(directory, 'disk.qcow2')
    flashedDisk(image, disk, '3G')
    vm = await VM.boot({
      disk,
      snapshot: false,
      shell: true,
      guestForwards: [
        { guestAddress: rpc.address, guestPort: rpc.port, hostPort: rpcPort },
        { guestAddress: extra.address, guestPort: extra.port, hostPort: extraPort }
      ]
    })
    await waitUntilReady(vm)
    origin = `http://127.0.0.1:${vm.httpPort}`
    session = await claimNode(vm, newOwner())
    const { status, output } = await vm.shell(`printf %s '${Buffer.from(probeSource).toString('base64')}' | base64 -d > /run/probe.mjs`)
    assert.equal(status, 0, output)
    // Routes to two documentation networks (through QEMU's gateway, which leads nowhere with
    // restrict=on), so that attempts to "the internet" reach the firewall instead of failing
    // for want of a route.
    const routes = await vm.shell('ip route replace 198.51.100.0/24 via 10.0.2.2 && ip route replace 203.0.113.0/24 via 10.0.2.2')
    assert.equal(routes.status, 0, routes.output)
  })

  after(async () => {
    await vm?.dispose()
    for (const server of servers) server.close()
    rmSync(directory, { recursive: true, force: true })
  })

  it('runs pc2-egress with the boot-time rules replaced by the full policy, nothing failed', async () => {
    const status = await vm.getJson('/api/status', { cookie: session.cookie })
    assert.deepEqual(status.system.failedUnits, [])
    const { output } = await vm.shell('nft list table inet pc2')
    assert.match(output, /chain output \{\s+type filter hook output priority filter; policy drop;/)
    for (const unit of ['pc2-shop', 'pc2-ipfs', 'pc2-vault', 'pc2-admin', 'systemd-resolved']) {
      assert.match(output, new RegExp(`"system.slice/${unit}.service"`), `${unit}'s cgroup is in its set (systemd's NFTSet=)`)
    }
  })

  it('lets the shop reach its chain RPC as soon as the setting names it', async () => {
    await owner('/api/settings', { method: 'PUT', json: { values: { 'shop.rpcUrl': `http://${rpc.address}:${rpc.port}` } } })
    const until = Date.now() + 60_000
    let code = ''
    while (Date.now() < until) {
      code = (await probe('pc2-shop', [{ protocol: 'tcp', ...{ host: rpc.address, port: rpc.port } }]))[0]!.code
      if (code === 'OK') break
    }
    assert.equal(code, 'OK')
    const policy = await owner<any>('/api/network/policy')
    const shop = policy.words.units.find((unit: any) => unit.unit === 'pc2-shop')
    assert.match(shop.allowed[0].text, /10\.0\.2\.100:8545/)
  })

  it('refuses 100+ attempts from each unit and from a stranger; none escapes, all recorded', async () => {
    const forbidden = (index: number): Attempt => [
      { protocol: 'tcp', host: '10.0.2.2', port: 22 },
      { protocol: 'tcp', host: '10.0.2.2', port: 80 + index },
      { protocol: 'tcp', host: rpc.address, port: 9001 + index },
      { protocol: 'udp', host: '10.0.2.2', port: 5000 + index },
      { protocol: 'tcp', host: '198.51.100.7', port: 443 },
      { protocol: 'udp', host: '203.0.113.9', port: 53 }
    ][index % 6] as Attempt
    const beyondLan = (index: number): Attempt => ({ protocol: index % 2 === 0 ? 'tcp' : 'udp', host: `198.51.100.${1 + (index % 100)}`, port: 4001 + index })
    const before = await owner<any>('/api/network/blocked')
    for (const unit of [...units, undefined]) {
      const label = unit ?? 'other'
      // pc2-ipfs may reach the LAN (QEMU's 10.0.2.0/24 is one); beyond it, nothing.
      const attempts = Array.from({ length: 120 }, (_, index) => (unit === 'pc2-ipfs' ? beyondLan : forbidden)(index))
      const results = await probe(unit, attempts)
      const escaped = results.filter((result) => result.ok || !['EHOSTUNREACH', 'EPERM', 'EACCES'].includes(result.code))
      figures[label] = { attempts: results.length, escapes: escaped.length }
      assert.deepEqual(escaped, [], `${label}: attempts that were not refused`)
      const until = Date.now() + 60_000
      let recorded = 0
      while (Date.now() < until) {
        const now = await owner<any>('/api/network/blocked')
        recorded = (now.byUnit[label] ?? 0) - (before.byUnit[label] ?? 0)
        if (recorded >= attempts.length) break
        await new Promise((resolve) => setTimeout(resolve, 1000))
      }
      assert.ok(recorded >= attempts.length, `${label}: ${recorded} of ${attempts.length} refusals recorded`)
    }
    process.stdout.write(`# egress attempts/escapes: ${JSON.stringify(figures)}\n`)
  })

  it('still lets pc2-ipfs reach the LAN', async () => {
    assert.equal((await probe('pc2-ipfs', [{ protocol: 'tcp', host: extra.address, port: extra.port }]))[0]!.code, 'OK')
  })

  it('applies an owner\'s destination through the API at once, and takes it back, without a reboot', async () => {
    const target: Attempt = { protocol: 'tcp', host: extra.address, port: extra.port }
    assert.equal((await probe('pc2-shop', [target]))[0]!.code, 'EHOSTUNREACH')
    const added = await owner<any>('/api/network/units/pc2-shop/destinations', { method: 'POST', json: { host: extra.address, port: extra.port, note: 'test' } }, 201)
    assert.equal((await probe('pc2-shop', [target]))[0]!.code, 'OK')
    const bad = await fetch(`${origin}/api/network/units/pc2-shop/destinations`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, origin, 'content-type': 'application/json' }, body: JSON.stringify({ host: '10.0.2.1/8' }) })
    assert.equal(bad.status, 400)
    await owner(`/api/network/units/pc2-shop/destinations/${encodeURIComponent(added.key)}`, { method: 'DELETE' })
    assert.equal((await probe('pc2-shop', [target]))[0]!.code, 'EHOSTUNREACH')
  })

  it('scores every PC2 unit at most 2.5 in systemd-analyze security, live', async () => {
    const { output } = await vm.shell('for unit in $(systemctl list-units --plain --no-legend "pc2-*.service" | cut -d" " -f1); do printf "%s " $unit; systemd-analyze security $unit | sed -n "s/.*Overall exposure level for .*: \\([0-9.]*\\) .*/\\1/p"; done')
    const scores = Object.fromEntries(output.trim().split('\n').map((line) => line.trim().split(' ')).map(([unit, score]) => [unit!, Number(score)]))
    process.stdout.write(`# exposure: ${JSON.stringify(scores)}\n`)
    for (const unit of ['pc2-admin.service', 'pc2-vault.service', 'pc2-ipfs.service', 'pc2-shop.service', 'pc2-egress.service']) {
      assert.ok(scores[unit] !== undefined && scores[unit]! <= 2.5, `${unit}: ${scores[unit]}`)
    }
  })

  it('offers no login over the network: nothing listens but the admin port, libp2p, DHCP and mDNS', async () => {
    const { output } = await vm.shell('ss -Htuln | grep -v "127.0.0\\|\\[::1\\]"')
    const ports = output.trim().split('\n').map((line) => line.trim().split(/\s+/)).map((fields) => `${fields[0]}/${fields[4]!.split(':').at(-1)}`)
    for (const port of ports) assert.ok(['tcp/80', 'tcp/4001', 'udp/68', 'udp/546', 'udp/5353'].includes(port), `unexpected listener ${port}: ${output}`)
    assert.equal((await vm.shell('command -v sshd || ls /etc/ssh 2>/dev/null || echo none')).output.trim(), 'none')
  })
})
