// Three pc2-ipfs processes, each in its own network namespace, joined by a bridge that
// lives in a fourth namespace: nothing here touches the host's interfaces, and no packet
// can leave. They must find each other by mDNS alone (no peer is configured), and one
// must fetch what another stored, over the gateway.

import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { after, before, describe, it } from 'node:test'
import type { PeersResponse } from '@pc2/core'
import { send } from './fixtures/http-client.ts'
import { mebibyte, upload } from './fixtures/node.ts'
import { startServiceProcess } from './fixtures/process.ts'
import type { ServiceProcess } from './fixtures/process.ts'

const run = promisify(execFile)
const isRoot = process.getuid?.() === 0
const suffix = randomBytes(3).toString('hex')
const switchNs = `pc2sw-${suffix}`
const nodeNs = [1, 2, 3].map((index) => `pc2n${index}-${suffix}`)
const ipOf = (index: number): string => `10.77.0.${index + 1}`
const gatewayPort = 8080

async function ip (...args: string[]): Promise<void> {
  await run('ip', args)
}

describe('PC2 nodes on a LAN', { skip: isRoot ? false : 'needs root to create network namespaces (CI runs as root)' }, () => {
  let root: string
  const nodes: ServiceProcess[] = []
  const api = (index: number) => ({
    request: async (method: string, path: string, options?: Parameters<typeof send>[3]) => await send({ socketPath: (nodes[index] as ServiceProcess).socketPath }, method, path, options)
  })

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pc2-ipfs-lan-'))
    await ip('netns', 'add', switchNs)
    await ip('-n', switchNs, 'link', 'add', 'br0', 'type', 'bridge')
    await ip('-n', switchNs, 'link', 'set', 'br0', 'up')
    for (const [index, ns] of nodeNs.entries()) {
      await ip('netns', 'add', ns)
      await ip('link', 'add', 'name', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', `port${index}`, 'netns', switchNs)
      await ip('-n', switchNs, 'link', 'set', `port${index}`, 'master', 'br0')
      await ip('-n', switchNs, 'link', 'set', `port${index}`, 'up')
      await ip('-n', ns, 'addr', 'add', `${ipOf(index)}/24`, 'dev', 'eth0')
      await ip('-n', ns, 'link', 'set', 'eth0', 'up')
      await ip('-n', ns, 'link', 'set', 'lo', 'up')
      // mDNS sends to 224.0.0.251: without a default route it needs one for multicast.
      await ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0')
    }
    // One after another: each newcomer's first mDNS query finds those already up, where
    // simultaneous starts would wait for the next query round (10 s).
    for (const [index, ns] of nodeNs.entries()) {
      nodes.push(await startServiceProcess({
        root: join(root, `node${index}`),
        settings: `[ipfs]\ngatewayPort = ${gatewayPort}\nquota = 256M\n`,
        prefix: ['ip', 'netns', 'exec', ns],
        env: {
          PC2_IPFS_LIBP2P_LISTEN: `/ip4/${ipOf(index)}/tcp/4001`,
          PC2_IPFS_GATEWAY_LISTEN: `${ipOf(index)}:${gatewayPort}`,
          PC2_IPFS_MDNS: 'on'
        }
      }))
    }
  })

  after(async () => {
    await Promise.all(nodes.map(async (node) => { await node.kill() }))
    for (const ns of [...nodeNs, switchNs]) await ip('netns', 'del', ns).catch(() => {})
    if (root !== undefined) await rm(root, { recursive: true, force: true, maxRetries: 5 })
  })

  it('find each other by mDNS and fetch from one another over the gateway', async () => {
    const peerIds: string[] = []
    for (const index of [0, 1, 2]) peerIds.push((await api(index).request('GET', '/health')).json<{ peerId: string }>().peerId)

    // No peer is configured anywhere: every connection below was made after an mDNS discovery.
    const deadline = Date.now() + 45_000
    for (const index of [0, 1, 2]) {
      const others = peerIds.filter((_, other) => other !== index)
      while (true) {
        const peers = (await api(index).request('GET', '/peers')).json<PeersResponse>()
        const ready = others.every((peerId) => peers.connected.some((peer) => peer.peerId === peerId && peer.pc2) &&
          peers.discovered.some((peer) => peer.peerId === peerId && peer.gatewayUrl === `http://${ipOf(peerIds.indexOf(peerId))}:${gatewayPort}/ipfs/`))
        if (ready) {
          // Only the namespaces' own addresses, never loopback or anything of the host.
          for (const peer of peers.connected) assert.match(peer.address, /^\/ip4\/10\.77\.0\.\d+\/tcp\/\d+/)
          break
        }
        assert.ok(Date.now() < deadline, `node ${index} did not find its peers: ${JSON.stringify(peers)}\n${nodes[index]?.output() ?? ''}`)
        await sleep(250)
      }
    }

    const bytes = randomBytes(5 * mebibyte + 77)
    const cid = await upload(api(0), bytes, [mebibyte + 1])
    const fetched = await api(1).request('POST', '/fetch', { json: { cid } })
    assert.equal(fetched.status, 201, fetched.body.toString())
    assert.deepEqual(fetched.json(), { cid, size: bytes.byteLength, from: { peerId: peerIds[0], via: 'car' } })
    assert.ok((await api(1).request('GET', `/ipfs/${cid}`)).body.equals(bytes))

    // The third asks the second by name: a copy fetched is served on like any other.
    const relayed = await api(2).request('POST', '/fetch', { json: { cid, peerId: peerIds[1] } })
    assert.equal(relayed.status, 201, relayed.body.toString())
    assert.deepEqual(relayed.json<{ from: unknown }>().from, { peerId: peerIds[1], via: 'car' })
    assert.ok((await api(2).request('GET', `/ipfs/${cid}`)).body.equals(bytes))
  })
})
