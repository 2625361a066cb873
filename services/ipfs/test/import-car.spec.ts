import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { CarWriter } from '@ipld/car/writer'
import { varint } from 'multiformats'
import type { CID } from 'multiformats/cid'
import { createGcLock } from '../src/blocks/gc-lock.ts'
import { createLocalBlockstore } from '../src/blocks/local-blockstore.ts'
import type { LocalBlockstore } from '../src/blocks/local-blockstore.ts'
import { rawLeafCid } from '../src/dag/block.ts'
import { buildBalancedDag } from '../src/dag/build.ts'
import { importCar, maxBlockBytes } from '../src/fetch/import-car.ts'
import { createSpace } from '../src/storage/space.ts'

interface Block { cid: CID, bytes: Uint8Array }

/** A three-leaf file DAG, built in memory: the root first, then its leaves. */
async function fileDag (): Promise<{ root: CID, blocks: Block[] }> {
  const leaves: Block[] = []
  for (let index = 0; index < 3; index++) {
    const bytes = randomBytes(1000)
    leaves.push({ cid: await rawLeafCid(bytes), bytes })
  }
  const parents: Block[] = []
  const root = await buildBalancedDag(leaves.map(({ cid, bytes }) => ({ cid, fileBytes: bytes.byteLength, dagBytes: bytes.byteLength })), {
    put: async (cid, bytes) => { parents.push({ cid, bytes }) }
  })
  return { root: root.cid, blocks: [...parents, ...leaves] }
}

/** A CAR written by @ipld/car's own writer, not by the code under test. */
async function car (roots: CID[], blocks: Block[]): Promise<Uint8Array[]> {
  const { writer, out } = CarWriter.create(roots)
  const chunks: Uint8Array[] = []
  const collecting = (async () => { for await (const chunk of out) chunks.push(chunk) })()
  for (const block of blocks) await writer.put(block)
  await writer.close()
  await collecting
  return chunks
}

/** A body as a peer's response would be: a stream, cut into small chunks at odd places. */
function stream (chunks: Uint8Array[]): Readable {
  const bytes = Buffer.concat(chunks)
  const pieces: Buffer[] = []
  for (let offset = 0; offset < bytes.byteLength; offset += 1000) pieces.push(bytes.subarray(offset, offset + 1000))
  return Readable.from(pieces)
}

describe('importing a CAR from an untrusted peer', () => {
  let dir: string
  let blockstore: LocalBlockstore
  let context: Parameters<typeof importCar>[0]
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pc2-ipfs-car-'))
    blockstore = createLocalBlockstore(join(dir, 'blocks'))
    await blockstore.open()
    context = { blockstore, lock: createGcLock(), space: createSpace({ dir, quota: 1024 ** 3, blockstore, reserved: () => 0, diskReserveBytes: 0 }) }
  })
  after(async () => { await rm(dir, { recursive: true, force: true, maxRetries: 5 }) })

  const refusal = async (root: CID, chunks: Uint8Array[]): Promise<string> => {
    const before = blockstore.usage().blocks
    const hold = new Set<string>()
    const error = await importCar(context, root, stream(chunks), hold).then(() => undefined, (error: Error) => error)
    assert.ok(error !== undefined, 'the CAR was accepted')
    assert.equal(error.name, 'UntrustedContentError', error.message)
    // Nothing it stored is claimed: whatever it wrote before the refusal is garbage.
    assert.ok(blockstore.usage().blocks - before <= hold.size)
    return error.message
  }

  it('stores a complete, correct CAR and holds every block of it', async () => {
    const { root, blocks } = await fileDag()
    const hold = new Set<string>()
    const result = await importCar(context, root, stream(await car([root], blocks)), hold)
    assert.deepEqual(result, { blocks: 4, blockBytes: blocks.reduce((sum, block) => sum + block.bytes.byteLength, 0), fileBytes: 3000 })
    assert.equal(hold.size, 4)
    for (const block of blocks) assert.ok(Buffer.from(await blockstore.read(block.cid)).equals(block.bytes))
  })

  it('refuses a block whose bytes do not hash to its CID', async () => {
    const { root, blocks } = await fileDag()
    const tampered = blocks.map((block, index) => (index === 2 ? { cid: block.cid, bytes: Buffer.from(block.bytes).fill(7, 0, 1) } : block))
    assert.match(await refusal(root, await car([root], tampered)), /does not hash to its CID/)
    assert.equal(await blockstore.has(tampered[2]?.cid as CID), false)
  })

  it('refuses a block that is not reachable from the root', async () => {
    const { root, blocks } = await fileDag()
    const stranger = randomBytes(100)
    assert.match(await refusal(root, await car([root], [...blocks.slice(0, 2), { cid: await rawLeafCid(stranger), bytes: stranger }, ...blocks.slice(2)])), /not reachable from the root/)
    assert.equal(await blockstore.has(await rawLeafCid(stranger)), false)
  })

  it('refuses a CAR that ends before the DAG is complete, or is rooted elsewhere', async () => {
    const { root, blocks } = await fileDag()
    assert.match(await refusal(root, await car([root], blocks.slice(0, 3))), /1 blocks of the DAG missing/)
    const other = await fileDag()
    assert.match(await refusal(root, await car([other.root], blocks)), /not rooted at the CID asked for/)
    assert.match(await refusal(root, [Buffer.from('not a car at all')]), /the CAR is malformed/)
    const whole = Buffer.concat(await car([root], blocks))
    assert.match(await refusal(root, [whole.subarray(0, whole.byteLength - 10)]), /ends in the middle of a block/)
  })

  it('refuses a block over the size limit before reading it', async () => {
    const { root } = await fileDag()
    const [header] = await car([root], [])
    const length = root.bytes.byteLength + maxBlockBytes + 1
    const head = new Uint8Array(varint.encodingLength(length))
    varint.encodeTo(length, head, 0)
    // The claimed block never arrives: the refusal comes from its announced length alone.
    assert.match(await refusal(root, [header as Uint8Array, head, root.bytes]), /over the \d+ limit/)
  })
})
