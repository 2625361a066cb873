import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import * as dagPb from '@ipld/dag-pb'
import { CarBlockIterator } from '@ipld/car/iterator'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { createLocalBlockstore } from '../src/blocks/local-blockstore.ts'
import { fileReply } from '../src/gateway/file.ts'
import { errorName } from './fixtures/http-client.ts'
import { mebibyte, startNode, upload } from './fixtures/node.ts'
import type { TestNode } from './fixtures/node.ts'

/** Every block of a CAR, each checked against its CID by hashing it here. */
async function verifiedCar (bytes: Uint8Array): Promise<{ roots: CID[], blocks: Array<{ cid: CID, bytes: Uint8Array }> }> {
  const iterator = await CarBlockIterator.fromBytes(bytes)
  const blocks: Array<{ cid: CID, bytes: Uint8Array }> = []
  for await (const block of iterator) {
    const digest = await sha256.digest(block.bytes)
    assert.ok(Buffer.from(digest.digest).equals(block.cid.multihash.digest), `block ${block.cid.toString()} does not hash to its CID`)
    blocks.push(block)
  }
  return { roots: await iterator.getRoots(), blocks }
}

/** The file rebuilt from a CAR's blocks, walking the DAG from the root: proves it is complete. */
function reassemble (root: CID, blocks: Map<string, Uint8Array>): Buffer {
  const bytes = blocks.get(root.toString())
  assert.ok(bytes !== undefined, `block ${root.toString()} is missing from the CAR`)
  if (root.code === raw.code) return Buffer.from(bytes)
  return Buffer.concat(dagPb.decode(bytes).Links.map((link) => reassemble(link.Hash, blocks)))
}

describe('trustless gateway', () => {
  let node: TestNode
  let file: Buffer
  let cid: string
  before(async () => {
    node = await startNode({ gateway: true })
    file = randomBytes(2 * mebibyte + 12345)
    cid = await upload(node, file)
  })
  after(async () => { await node.stop() })

  it('serves a CAR that imports and re-verifies: every block hashes to its CID, nothing missing or extra', async () => {
    for (const ask of [{ path: `/ipfs/${cid}?format=car` }, { path: `/ipfs/${cid}`, headers: { Accept: 'application/vnd.ipld.car; version=1' } }]) {
      const response = await node.gatewayRequest('GET', ask.path, ask.headers === undefined ? {} : { headers: ask.headers })
      assert.equal(response.status, 200)
      assert.equal(response.headers['content-type'], 'application/vnd.ipld.car; version=1; order=dfs; dups=n')
      assert.equal(response.headers.etag, `"${cid}.car"`)
      assert.equal(response.headers['cache-control'], 'public, max-age=29030400, immutable')
      const { roots, blocks } = await verifiedCar(response.body)
      assert.deepEqual(roots.map(String), [cid])
      // Root first, then its three leaves in order: depth-first.
      assert.equal(blocks[0]?.cid.toString(), cid)
      assert.equal(blocks.length, 4)
      assert.ok(reassemble(CID.parse(cid), new Map(blocks.map((block) => [block.cid.toString(), block.bytes]))).equals(file))
    }
  })

  it('sends each block once (dups=n) even when the DAG repeats one', async () => {
    const zeros = await upload(node, Buffer.alloc(3 * mebibyte))
    const { blocks } = await verifiedCar((await node.gatewayRequest('GET', `/ipfs/${zeros}?format=car`)).body)
    assert.equal(blocks.length, 2)
    const served = await node.gatewayRequest('GET', `/ipfs/${zeros}`)
    assert.ok(served.body.equals(Buffer.alloc(3 * mebibyte)))
  })

  it('limits a CAR to the root block with dag-scope=block', async () => {
    const { blocks } = await verifiedCar((await node.gatewayRequest('GET', `/ipfs/${cid}?format=car&dag-scope=block`)).body)
    assert.deepEqual(blocks.map((block) => block.cid.toString()), [cid])
  })

  it('serves raw blocks that hash to their CID', async () => {
    const root = await node.gatewayRequest('GET', `/ipfs/${cid}`, { headers: { Accept: 'application/vnd.ipld.raw' } })
    assert.equal(root.status, 200)
    assert.equal(root.headers['content-type'], 'application/vnd.ipld.raw')
    assert.equal(root.headers.etag, `"${cid}.raw"`)
    const links = dagPb.decode(root.body).Links
    assert.equal(links.length, 3)
    for (const block of [CID.parse(cid), ...links.map((link) => link.Hash)]) {
      const response = await node.gatewayRequest('GET', `/ipfs/${block.toString()}?format=raw`)
      assert.equal(response.status, 200)
      assert.ok(Buffer.from((await sha256.digest(response.body)).digest).equals(block.multihash.digest))
      assert.equal(Number(response.headers['content-length']), response.body.byteLength)
    }
  })

  it('serves the file bytes, whole or a single range, and answers HEAD and If-None-Match', async () => {
    const whole = await node.gatewayRequest('GET', `/ipfs/${cid}`)
    assert.equal(whole.status, 200)
    assert.equal(whole.headers['content-type'], 'application/octet-stream')
    assert.equal(whole.headers['accept-ranges'], 'bytes')
    assert.equal(whole.headers['x-ipfs-path'], `/ipfs/${cid}`)
    assert.equal(whole.headers['x-content-type-options'], 'nosniff')
    assert.ok(whole.body.equals(file))
    const cases: Array<[string, number, number]> = [
      [`bytes=${mebibyte - 10}-${mebibyte + 9}`, mebibyte - 10, mebibyte + 10],
      [`bytes=${2 * mebibyte}-`, 2 * mebibyte, file.byteLength],
      ['bytes=-100', file.byteLength - 100, file.byteLength],
      ['bytes=0-0', 0, 1],
      [`bytes=5-${file.byteLength + 1000}`, 5, file.byteLength]
    ]
    for (const [range, start, end] of cases) {
      const response = await node.gatewayRequest('GET', `/ipfs/${cid}`, { headers: { Range: range } })
      assert.equal(response.status, 206, range)
      assert.equal(response.headers['content-range'], `bytes ${start}-${end - 1}/${file.byteLength}`)
      assert.ok(response.body.equals(file.subarray(start, end)), range)
    }
    const beyond = await node.gatewayRequest('GET', `/ipfs/${cid}`, { headers: { Range: `bytes=${file.byteLength}-` } })
    assert.equal(beyond.status, 416)
    assert.equal(beyond.headers['content-range'], `bytes */${file.byteLength}`)
    const head = await node.gatewayRequest('HEAD', `/ipfs/${cid}`)
    assert.equal(head.status, 200)
    assert.equal(head.headers['content-length'], String(file.byteLength))
    assert.equal(head.body.byteLength, 0)
    const cached = await node.gatewayRequest('GET', `/ipfs/${cid}`, { headers: { 'If-None-Match': `"${cid}"` } })
    assert.equal(cached.status, 304)
  })

  it('refuses malformed CIDs, paths, unknown formats; 404s content it does not hold', async () => {
    const expectations: Array<[string, number, string]> = [
      ['/ipfs/not-a-cid', 400, 'InvalidCidError'],
      [`/ipfs/${cid}/inner/path`, 400, 'UnsupportedPathError'],
      [`/ipfs/${cid}?format=tar`, 400, 'UnsupportedFormatError'],
      [`/ipfs/${cid}?format=car&dag-scope=some`, 400, 'UnsupportedFormatError'],
      ['/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', 404, 'BlockNotFoundError'],
      ['/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku?format=car', 404, 'BlockNotFoundError'],
      ['/ipfs/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku?format=raw', 404, 'BlockNotFoundError']
    ]
    for (const [path, status, name] of expectations) {
      const response = await node.gatewayRequest('GET', path)
      assert.equal(response.status, status, path)
      assert.equal(errorName(response), name, path)
    }
  })

  it('offers only the gateway on TCP; the owner API stays on the socket', async () => {
    for (const [method, path] of [['GET', '/health'], ['POST', '/uploads'], ['GET', '/pins'], ['POST', '/gc']]) {
      assert.equal((await node.gatewayRequest(method as string, path as string)).status, 404, `${method} ${path}`)
    }
    assert.equal((await node.request('GET', '/health')).status, 200)
    assert.equal((await node.gatewayRequest('POST', `/ipfs/${cid}`)).status, 405)
  })
})

describe('trustless gateway, a client that goes away mid-download', () => {
  it('a write the socket cancels fails the stream with that error, never as an unhandled rejection', async () => {
    const node = await startNode({ gateway: true })
    const rejections: unknown[] = []
    const onRejection = (reason: unknown): void => { rejections.push(reason) }
    process.on('unhandledRejection', onRejection)
    try {
      const cid = CID.parse(await upload(node, randomBytes(4 * mebibyte)))
      const reply = await fileReply(createLocalBlockstore(join(node.dir, 'state', 'blocks')), cid, {})
      assert.ok('stream' in reply)
      // As http.ServerResponse does when the client hangs up: the write's callback gets ECANCELED,
      // while the next chunk is being read from disk.
      const cancelled = Object.assign(new Error('write ECANCELED'), { code: 'ECANCELED' })
      await assert.rejects(reply.stream(async () => { throw cancelled }, new AbortController().signal), cancelled)
      await new Promise((resolve) => setImmediate(resolve))
      assert.deepEqual(rejections, [], 'every write is awaited or handled')
    } finally {
      process.off('unhandledRejection', onRejection)
      await node.stop()
    }
  })
})
