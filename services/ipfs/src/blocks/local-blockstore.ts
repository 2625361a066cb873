// The node's blocks on disk, as a Blockstore Helia and bitswap use, in blockstore-fs's layout
// (block-files.ts) and read through blockstore-fs itself. What blockstore-fs does not do,
// this does: a block is on disk for good before `put` resolves (durable-write.ts), and it
// keeps count of the bytes and blocks it holds, for the quota.

import { open, readFile, unlink } from 'node:fs/promises'
import { BlockNotFoundError, syncDirectory } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { FsBlockstore } from 'blockstore-fs'
import type { Blockstore, InputPair, Pair } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'
import { blockFiles } from './block-files.ts'
import type { StoredBlock } from './block-files.ts'
import { durableWriter } from './durable-write.ts'
import type { DurableWriter, StagedBlock } from './durable-write.ts'
import { inParallel } from './in-parallel.ts'

export type { StagedBlock, StoredBlock }

export interface BlockUsage {
  bytes: number
  blocks: number
}

export interface PutOptions extends AbortOptions {
  /**
   * Shard directories whose fsync the caller takes over (syncDirectories, before it relies
   * on the blocks): the block's directory is added here instead of being synced now.
   */
  directories?: Set<string>
}

export interface LocalBlockstore extends Blockstore, DurableWriter {
  /** Creates the directories, counts what is there, removes temp files a crash left behind. */
  open (options?: AbortOptions): Promise<void>
  put (cid: CID, value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<CID>
  /** The whole block from disk; BlockNotFoundError if it is not here. */
  read (cid: CID, options?: AbortOptions): Promise<Uint8Array>
  /**
   * Reads the block into `target` (a reused buffer: no garbage per block) and resolves with
   * its length; undefined when it is bigger than `target`. BlockNotFoundError if not here.
   */
  readInto (cid: CID, target: Uint8Array, options?: AbortOptions): Promise<number | undefined>
  /** The block's size, or undefined if it is not here. */
  sizeOf (cid: CID): Promise<number | undefined>
  /** The file a block lives in. */
  pathOf (cid: CID): string
  keyOf (cid: CID): string
  /** Every block, with its size; blocks written meanwhile may or may not be listed. */
  list (options?: AbortOptions): AsyncGenerator<StoredBlock>
  /** Deletes a block; resolves with the bytes freed (0 if it was already gone). */
  remove (cid: CID): Promise<number>
  usage (): BlockUsage
  /** Makes the renames collected in `directories` durable. */
  syncDirectories (directories: Set<string>): Promise<void>
}

export function createLocalBlockstore (root: string): LocalBlockstore {
  const files = blockFiles(root)
  const reader = new FsBlockstore(root, { shardingStrategy: files.sharding })
  const used: BlockUsage = { bytes: 0, blocks: 0 }
  const writer = durableWriter(files, (bytes) => {
    used.bytes += bytes
    used.blocks += 1
  })
  const notFound = (cid: CID): BlockNotFoundError =>
    new BlockNotFoundError(`block ${cid.toString()} is not stored on this node`, { details: { cid: cid.toString() } })

  const put = async (cid: CID, value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<CID> => {
    const staged = await writer.stage(cid, value instanceof Uint8Array ? value : await concat(value), options)
    if (staged !== undefined) await writer.install([staged], options.directories)
    return cid
  }

  const remove = async (cid: CID): Promise<number> => {
    const size = await files.sizeOf(cid)
    if (size === undefined) return 0
    try {
      await unlink(files.locate(cid).file)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
      throw error
    }
    used.bytes -= size
    used.blocks -= 1
    return size
  }

  return {
    async open (options = {}) {
      await files.prepare(options)
      used.bytes = 0
      used.blocks = 0
      for await (const block of files.list(options)) {
        used.bytes += block.bytes
        used.blocks += 1
      }
    },
    put,
    async * putMany (source: Iterable<InputPair> | AsyncIterable<InputPair>, options: AbortOptions = {}) {
      for await (const { cid, bytes } of source) yield await put(cid, bytes, options)
    },
    get: (cid, options) => reader.get(cid, options),
    getMany: (source, options) => reader.getMany(source, options),
    getAll: (options): AsyncGenerator<Pair> => reader.getAll(options) as AsyncGenerator<Pair>,
    has: async (cid) => await files.sizeOf(cid) !== undefined,
    async delete (cid) {
      await remove(cid)
    },
    async * deleteMany (source) {
      for await (const cid of source) {
        await remove(cid)
        yield cid
      }
    },
    async read (cid, options = {}) {
      try {
        return await readFile(files.locate(cid).file, options)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(cid)
        throw error
      }
    },
    async readInto (cid, target, options = {}) {
      options.signal?.throwIfAborted()
      const handle = await open(files.locate(cid).file, 'r').catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'ENOENT' ? notFound(cid) : error
      })
      try {
        const { size } = await handle.stat()
        if (size > target.byteLength) return undefined
        for (let done = 0; done < size;) {
          const { bytesRead } = await handle.read(target, done, size - done, done)
          if (bytesRead === 0) throw new Error(`block ${cid.toString()} shrank while it was read`)
          done += bytesRead
        }
        return size
      } finally {
        await handle.close()
      }
    },
    sizeOf: files.sizeOf,
    pathOf: (cid) => files.locate(cid).file,
    keyOf: (cid) => files.locate(cid).key,
    list: files.list,
    remove,
    usage: () => ({ ...used }),
    async syncDirectories (directories) {
      await inParallel([...directories], 8, syncDirectory)
      directories.clear()
    },
    stage: writer.stage,
    install: writer.install
  }
}

async function concat (chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}
