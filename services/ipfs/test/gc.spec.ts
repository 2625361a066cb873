import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, it } from 'node:test'
import * as dagPb from '@ipld/dag-pb'
import { createLocalBlockstore } from '../src/blocks/local-blockstore.ts'
import { errorName } from './fixtures/http-client.ts'
import { mebibyte, startNode, upload } from './fixtures/node.ts'
import type { TestNode } from './fixtures/node.ts'

const octets = { 'Content-Type': 'application/octet-stream' }

describe('pins and garbage collection', () => {
  let node: TestNode
  before(async () => { node = await startNode() })
  after(async () => { await node.stop() })

  const storage = async (): Promise<{ usedBytes: number, blocks: number, pinnedBytes: number, uploadsOpen: number }> =>
    (await node.request('GET', '/storage')).json()
  const rawSize = async (cid: string): Promise<number> => (await node.request('GET', `/ipfs/${cid}?format=raw`)).body.byteLength

  it('frees exactly the blocks no pin and no open upload holds', async () => {
    const kept = randomBytes(2 * mebibyte + 5)
    const keptCid = await upload(node, kept)
    // An open upload: two complete blocks and a tail.
    const open = randomBytes(3 * mebibyte)
    const openId = (await node.request('POST', '/uploads', { json: { size: open.byteLength } })).json<{ id: string }>().id
    await node.request('PUT', `/uploads/${openId}?offset=0`, { body: open.subarray(0, 2 * mebibyte + 7), headers: octets })
    // Garbage: an unpinned file (2 leaves and a root) and an abandoned session's one block.
    const dropped = randomBytes(mebibyte + mebibyte / 2)
    const droppedCid = await upload(node, dropped)
    const droppedRoot = await rawSize(droppedCid)
    assert.equal((await node.request('DELETE', `/pins/${droppedCid}`)).status, 204)
    const abandonedId = (await node.request('POST', '/uploads', { json: { size: 2 * mebibyte } })).json<{ id: string }>().id
    await node.request('PUT', `/uploads/${abandonedId}?offset=0`, { body: randomBytes(mebibyte), headers: octets })
    assert.equal((await node.request('DELETE', `/uploads/${abandonedId}`)).status, 204)

    const before = await storage()
    const collected = await node.request('POST', '/gc')
    assert.equal(collected.status, 200)
    assert.deepEqual(collected.json(), { removedBlocks: 4, freedBytes: dropped.byteLength + droppedRoot + mebibyte })
    const afterwards = await storage()
    assert.equal(afterwards.blocks, before.blocks - 4)
    assert.equal(afterwards.usedBytes, before.usedBytes - (dropped.byteLength + droppedRoot + mebibyte))
    assert.deepEqual((await node.request('POST', '/gc')).json(), { removedBlocks: 0, freedBytes: 0 })

    assert.ok((await node.request('GET', `/ipfs/${keptCid}`)).body.equals(kept))
    assert.equal(errorName(await node.request('GET', `/ipfs/${droppedCid}`)), 'BlockNotFoundError')
    await node.request('PUT', `/uploads/${openId}?offset=${2 * mebibyte + 7}`, { body: open.subarray(2 * mebibyte + 7), headers: octets })
    const openCid = (await node.request('POST', `/uploads/${openId}/complete`)).json<{ cid: string }>().cid
    assert.ok((await node.request('GET', `/ipfs/${openCid}`)).body.equals(open))
  })

  it('pins what is here in full, refuses what is not, and unpins', async () => {
    const bytes = randomBytes(mebibyte + 1)
    const cid = await upload(node, bytes)
    assert.equal((await node.request('DELETE', `/pins/${cid}`)).status, 204)
    const unpinned = await node.request('DELETE', `/pins/${cid}`)
    assert.equal(unpinned.status, 404)
    assert.equal(errorName(unpinned), 'PinNotFoundError')
    const pinned = await node.request('PUT', `/pins/${cid}`)
    assert.equal(pinned.status, 200)
    assert.deepEqual(pinned.json(), { cid, size: bytes.byteLength })
    await node.request('POST', '/gc')
    assert.ok((await node.request('GET', `/ipfs/${cid}`)).body.equals(bytes))

    const absent = await node.request('PUT', '/pins/bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku')
    assert.equal(absent.status, 404)
    assert.equal(errorName(absent), 'BlockNotFoundError')
    assert.equal(errorName(await node.request('PUT', '/pins/nonsense')), 'InvalidCidError')
    // A DAG with a leaf gone is not "here in full": the refusal names the missing block.
    const partial = await upload(node, randomBytes(2 * mebibyte))
    await node.request('DELETE', `/pins/${partial}`)
    const leaf = dagPb.decode((await node.request('GET', `/ipfs/${partial}?format=raw`)).body).Links[0]?.Hash
    assert.ok(leaf !== undefined)
    await rm(createLocalBlockstore(join(node.dir, 'state', 'blocks')).pathOf(leaf))
    const refused = await node.request('PUT', `/pins/${partial}`)
    assert.equal(refused.status, 404)
    assert.equal(errorName(refused), 'BlockNotFoundError')
    assert.equal(refused.json<{ error: { details: { missing: string } } }>().error.details.missing, leaf.toString())
  })

  it('never loses a block of an upload that is being written while collections run', async () => {
    await node.request('POST', '/gc')
    const bytes = randomBytes(6 * mebibyte + 3)
    const id = (await node.request('POST', '/uploads', { json: { size: bytes.byteLength } })).json<{ id: string }>().id
    // The writer waits for a collection to finish after every 8 chunks, so collections
    // surely interleave with the writing however slow or fast this machine is.
    let writing = true
    let collections = 0
    const collectionAfter = async (count: number): Promise<void> => {
      while (collections <= count) await sleep(2)
    }
    const writer = node.request('PUT', `/uploads/${id}?offset=0`, {
      headers: { ...octets, 'Content-Length': String(bytes.byteLength) },
      write: async (outgoing) => {
        for (let offset = 0, chunk = 0; offset < bytes.byteLength; offset += 64 * 1024, chunk++) {
          outgoing.write(bytes.subarray(offset, offset + 64 * 1024))
          if (chunk % 8 === 7) await collectionAfter(collections)
        }
        outgoing.end()
      }
    }).finally(() => { writing = false })
    while (writing) {
      const result = (await node.request('POST', '/gc')).json<{ removedBlocks: number }>()
      assert.equal(result.removedBlocks, 0)
      collections++
    }
    assert.equal((await writer).status, 200)
    assert.ok(collections >= 12, `only ${collections} collections ran during the upload`)
    const cid = (await node.request('POST', `/uploads/${id}/complete`)).json<{ cid: string }>().cid
    assert.ok((await node.request('GET', `/ipfs/${cid}`)).body.equals(bytes))
  })
})
