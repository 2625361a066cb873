import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { unixfs } from '@helia/unixfs'
import { importFile } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import type { CID } from 'multiformats/cid'
import { rawLeafCid } from '../src/dag/block.ts'
import { buildBalancedDag } from '../src/dag/build.ts'
import { mebibyte, startNode, upload } from './fixtures/node.ts'
import type { TestNode } from './fixtures/node.ts'

/** A blockstore that only takes: the reference importer writes, nothing reads. */
const sink = { put: async (cid: CID) => cid, get: () => { throw new Error('not stored') }, has: async () => false }

/** The CID ipfs-unixfs-importer's balanced layout gives (what `ipfs add --raw-leaves --cid-version=1` gives). */
async function referenceCid (bytes: Uint8Array, chunkSize: number, maxLinks: number): Promise<string> {
  const fs = unixfs({ blockstore: sink as any })
  const cid = await fs.addBytes(bytes, { rawLeaves: true, cidVersion: 1, chunker: fixedSize({ chunkSize }), layout: balanced({ maxChildrenPerNode: maxLinks }) })
  return cid.toString()
}

async function ourCid (bytes: Uint8Array, chunkSize: number, maxLinks: number): Promise<string> {
  const leaves = []
  for (let offset = 0; offset < Math.max(1, bytes.byteLength); offset += chunkSize) {
    const leaf = bytes.subarray(offset, offset + chunkSize)
    leaves.push({ cid: await rawLeafCid(leaf), fileBytes: leaf.byteLength, dagBytes: leaf.byteLength })
  }
  return (await buildBalancedDag(leaves, { maxLinks, put: async () => {} })).cid.toString()
}

describe('balanced DAG', () => {
  it('names the empty file as every IPFS implementation does', async () => {
    assert.equal(await ourCid(new Uint8Array(0), mebibyte, 174), 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
  })

  it('matches the reference importer for one leaf, full and partial last leaves, and deep trees', async () => {
    // chunk 4 and 3 links: 40 bytes = 10 leaves = three levels; 175×16 with 174 links = two.
    const shapes: Array<[number, number, number]> = [[3, 4, 3], [4, 4, 3], [5, 4, 3], [12, 4, 3], [40, 4, 3], [41, 4, 3], [109, 4, 3], [174 * 16, 16, 174], [175 * 16 + 3, 16, 174]]
    for (const [size, chunk, links] of shapes) {
      const bytes = randomBytes(size)
      assert.equal(await ourCid(bytes, chunk, links), await referenceCid(bytes, chunk, links), `size ${size}, chunk ${chunk}, ${links} links`)
    }
  })

  it('matches ipfs-unixfs-importer\'s importFile called directly', async () => {
    const bytes = randomBytes(9 * 1024 + 5)
    const reference = await importFile({ content: bytes }, sink as any, { rawLeaves: true, cidVersion: 1, chunker: fixedSize({ chunkSize: 1024 }), layout: balanced({ maxChildrenPerNode: 4 }) })
    assert.equal(await ourCid(bytes, 1024, 4), reference.cid.toString())
  })
})

describe('a completed upload', () => {
  let node: TestNode
  let small: TestNode
  before(async () => {
    node = await startNode()
    small = await startNode({ init: { blockBytes: 1024 } })
  })
  after(async () => {
    await node.stop()
    await small.stop()
  })

  it('has the CID Helia addBytes gives with raw leaves, 1 MiB chunks, CIDv1 and 174 links', async () => {
    for (const size of [1, mebibyte, 3 * mebibyte + 12345]) {
      const bytes = randomBytes(size)
      assert.equal(await upload(node, bytes, [777_777, mebibyte]), await referenceCid(bytes, mebibyte, 174), `size ${size}`)
    }
  })

  it('has the reference CID when the tree needs a second level of parents (175+ leaves)', async () => {
    const bytes = randomBytes(1024 * 200 + 17)
    assert.equal(await upload(small, bytes, [50_000, 99_999]), await referenceCid(bytes, 1024, 174))
  })
})
