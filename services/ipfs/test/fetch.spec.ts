import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { freePort } from '@pc2/test-support/free-port'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import { unixfs } from '@helia/unixfs'
import type { PeersResponse } from '@pc2/core'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { DurableFsDatastore } from '../src/blocks/durable-datastore.ts'
import { createLocalBlockstore } from '../src/blocks/local-blockstore.ts'
import { createIpfsNode } from '../src/net/node.ts'
import type { IpfsNode } from '../src/net/node.ts'
import { errorName } from './fixtures/http-client.ts'
import { mebibyte, startNode, upload } from './fixtures/node.ts'
import type { TestNode } from './fixtures/node.ts'


async function waitFor (what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

describe('fetch from peers', () => {
  let source: TestNode
  let sourcePeer: PeersResponse['self']
  let gatewayPort: number
  let fetcher: TestNode
  let small: TestNode
  let plain: IpfsNode
  let plainDir: string
  let plainDatastore: DurableFsDatastore
  let plainFile: { cid: string, bytes: Buffer }

  before(async () => {
    gatewayPort = await freePort()
    source = await startNode({ settings: { 'ipfs.gatewayPort': gatewayPort }, init: { gatewayListen: { host: '127.0.0.1', port: gatewayPort } } })
    sourcePeer = (await source.request('GET', '/peers')).json<PeersResponse>().self

    // An IPFS node that is not PC2: Helia with bitswap, no /pc2/gateway/1.0.0.
    plainDir = await mkdtemp(join(tmpdir(), 'pc2-ipfs-plain-'))
    const blockstore = createLocalBlockstore(join(plainDir, 'blocks'))
    await blockstore.open()
    plainDatastore = new DurableFsDatastore(join(plainDir, 'datastore'))
    await plainDatastore.open()
    plain = createIpfsNode({ blockstore, datastore: plainDatastore, listen: ['/ip4/127.0.0.1/tcp/0'], mdns: false, publicNetwork: false })
    await plain.start()
    const bytes = randomBytes(2 * mebibyte + 99)
    const cid = await unixfs({ blockstore }).addBytes(bytes, { rawLeaves: true, cidVersion: 1, chunker: fixedSize({ chunkSize: mebibyte }), layout: balanced({ maxChildrenPerNode: 174 }) })
    plainFile = { cid: cid.toString(), bytes }

    const peers = [sourcePeer.addresses[0] as string, plain.libp2p.getMultiaddrs()[0]?.toString() as string]
    fetcher = await startNode({ gateway: true, init: { staticPeers: peers, bitswapRootTimeoutMs: 1_000, bitswapBlockTimeoutMs: 5_000 } })
    small = await startNode({ settings: { 'ipfs.quota': 2 * mebibyte }, init: { staticPeers: [sourcePeer.addresses[0] as string] } })
  })
  after(async () => {
    await Promise.all([source?.stop(), fetcher?.stop(), small?.stop(), plain?.stop()])
    await plainDatastore?.close()
    if (plainDir !== undefined) await rm(plainDir, { recursive: true, force: true, maxRetries: 5 })
  })

  it('finds the PC2 peer, fetches its CAR over HTTP, verifies, stores and pins it', async () => {
    await waitFor('the source to show up as a PC2 peer', async () => {
      const peers = (await fetcher.request('GET', '/peers')).json<PeersResponse>()
      return peers.discovered.some((peer) => peer.peerId === sourcePeer.peerId && peer.pc2 && peer.gatewayUrl === `http://127.0.0.1:${gatewayPort}/ipfs/`) &&
        peers.connected.some((peer) => peer.peerId === sourcePeer.peerId && peer.pc2)
    })
    const plainPeer = (await fetcher.request('GET', '/peers')).json<PeersResponse>().discovered.find((peer) => peer.peerId === plain.libp2p.peerId.toString())
    assert.equal(plainPeer?.pc2, false)
    assert.ok(plainPeer?.lastSeen !== undefined)

    const bytes = randomBytes(5 * mebibyte + 3)
    const cid = await upload(source, bytes)
    const fetched = await fetcher.request('POST', '/fetch', { json: { cid } })
    assert.equal(fetched.status, 201, fetched.body.toString())
    assert.deepEqual(fetched.json(), { cid, size: bytes.byteLength, from: { peerId: sourcePeer.peerId, via: 'car' } })
    assert.ok((await fetcher.gatewayRequest('GET', `/ipfs/${cid}`)).body.equals(bytes))
    const pins = (await fetcher.request('GET', '/pins')).json<{ pins: Array<{ cid: string, size: number }> }>().pins
    assert.deepEqual(pins.filter((pin) => pin.cid === cid).map((pin) => pin.size), [bytes.byteLength])
    // Pinned: a collection keeps it.
    await fetcher.request('POST', '/gc')
    assert.ok((await fetcher.gatewayRequest('GET', `/ipfs/${cid}`)).body.equals(bytes))
  })

  it('falls back to bitswap for an IPFS peer that is not PC2', async () => {
    const peerId = plain.libp2p.peerId.toString()
    const fetched = await fetcher.request('POST', '/fetch', { json: { cid: plainFile.cid, peerId } })
    assert.equal(fetched.status, 201, fetched.body.toString())
    assert.deepEqual(fetched.json(), { cid: plainFile.cid, size: plainFile.bytes.byteLength, from: { peerId, via: 'bitswap' } })
    assert.ok((await fetcher.gatewayRequest('GET', `/ipfs/${plainFile.cid}`)).body.equals(plainFile.bytes))
  })

  it('answers 404 when no peer has it, 400 for a bad CID, 507 when it does not fit', async () => {
    const nobody = await fetcher.request('POST', '/fetch', { json: { cid: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku' } })
    assert.equal(nobody.status, 404)
    assert.equal(errorName(nobody), 'ContentUnavailableError')
    assert.equal(errorName(await fetcher.request('POST', '/fetch', { json: { cid: 'nope' } })), 'InvalidCidError')
    assert.equal(errorName(await fetcher.request('POST', '/fetch', { json: {} })), 'InvalidInputError')

    const big = await upload(source, randomBytes(3 * mebibyte))
    await waitFor('the small node to know the source', async () =>
      (await small.request('GET', '/peers')).json<PeersResponse>().connected.some((peer) => peer.peerId === sourcePeer.peerId && peer.pc2))
    const refused = await small.request('POST', '/fetch', { json: { cid: big } })
    assert.equal(refused.status, 507)
    assert.equal(errorName(refused), 'QuotaExceededError')
    assert.equal((await small.request('GET', '/storage')).json<{ blocks: number }>().blocks, 0)
  })
})
