// Where blocks live on disk: blockstore-fs's layout, `<root>/<shard>/<MULTIHASH>.data` with
// next-to-last sharding (the last two base32 characters of the multihash name one of 1024
// directories), so Helia, bitswap and blockstore-fs itself read the same files.

import { mkdir, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { syncDirectory } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { NextToLast } from 'blockstore-fs/sharding'
import type { CID } from 'multiformats/cid'

export interface BlockLocation {
  directory: string
  file: string
  /** The block's name in the store: its multihash, so CIDv0 and CIDv1 of it are one block. */
  key: string
}

export interface StoredBlock {
  key: string
  cid: CID
  bytes: number
}

export const blockFileMode = 0o640
export const directoryMode = 0o750
const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export interface BlockFiles {
  root: string
  sharding: NextToLast
  locate (cid: CID): BlockLocation
  /** The block's size, or undefined if it is not here. */
  sizeOf (cid: CID): Promise<number | undefined>
  /** Every block, with its size; blocks written meanwhile may or may not be listed. */
  list (options?: AbortOptions): AsyncGenerator<StoredBlock>
  /**
   * Makes all 1024 shard directories (once: storing a block then never has to make a
   * directory durable first) and removes the temp files of writes a crash interrupted.
   */
  prepare (options?: AbortOptions): Promise<void>
}

export function blockFiles (root: string): BlockFiles {
  const sharding = new NextToLast()
  const locate = (cid: CID): BlockLocation => {
    const { dir, file } = sharding.encode(cid)
    return { directory: join(root, dir), file: join(root, dir, file), key: file.slice(0, -sharding.extension.length) }
  }
  return {
    root,
    sharding,
    locate,
    async sizeOf (cid) {
      try {
        return (await stat(locate(cid).file)).size
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
    },
    async * list (options = {}) {
      for (const shard of await readdirIfPresent(root)) {
        options.signal?.throwIfAborted()
        const directory = join(root, shard)
        for (const name of await readdirIfPresent(directory)) {
          if (!name.endsWith(sharding.extension) || name.startsWith('.')) continue
          let cid: CID
          try {
            cid = sharding.decode(name)
          } catch {
            continue
          }
          const bytes = await stat(join(directory, name)).then((stats) => stats.size, () => undefined)
          if (bytes !== undefined) yield { key: name.slice(0, -sharding.extension.length), cid, bytes }
        }
      }
    },
    async prepare (options = {}) {
      await mkdir(root, { recursive: true, mode: directoryMode })
      let created = false
      for (const first of base32Alphabet) {
        for (const second of base32Alphabet) {
          created = await mkdir(join(root, first + second), { recursive: true, mode: directoryMode }) !== undefined || created
        }
      }
      if (created) await syncDirectory(root)
      for (const shard of await readdirIfPresent(root)) {
        options.signal?.throwIfAborted()
        for (const name of await readdirIfPresent(join(root, shard))) {
          // Ours and blockstore-fs's (steno's) temp files both start with '.' and end in '.tmp'.
          if (name.startsWith('.') && name.endsWith('.tmp')) await unlink(join(root, shard, name)).catch(() => {})
        }
      }
    }
  }
}

async function readdirIfPresent (directory: string): Promise<string[]> {
  try {
    return await readdir(directory)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return []
    throw error
  }
}
