// Writing a block so that it is either fully on disk under its name or not there at all:
// temp file in the shard directory → fdatasync → rename → fsync of the directory
// (blockstore-fs only renames, so a power cut can leave a block file empty). In two halves,
// so that many blocks can be made durable together: `stage` writes the temp file, `install`
// fsyncs a group of them at once (about one journal commit for the lot), renames each into
// place and fsyncs the directories, or leaves those fsyncs to the caller.

import { mkdir, open, rename, unlink } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { syncDirectory } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import { blockFileMode, directoryMode } from './block-files.ts'
import type { BlockFiles } from './block-files.ts'
import { inParallel } from './in-parallel.ts'

export interface StagedBlock {
  cid: CID
  key: string
  file: string
  directory: string
  temporary: string
  handle: FileHandle
  bytes: number
}

export interface DurableWriter {
  /** Writes a temp file; undefined when the block is here already (same CID, same bytes). */
  stage (cid: CID, bytes: Uint8Array, options?: AbortOptions): Promise<StagedBlock | undefined>
  /** Makes staged blocks durable under their names; their directories go to `directories` if given. */
  install (blocks: StagedBlock[], directories?: Set<string>): Promise<void>
}

/** `placed` is told the bytes of every block that arrived (not of one that was here already). */
export function durableWriter (files: Pick<BlockFiles, 'root' | 'locate' | 'sizeOf'>, placed: (bytes: number) => void): DurableWriter {
  // One placer per block at a time: a block written twice at once is counted once.
  const placing = new Map<string, Promise<void>>()

  const place = async (staged: StagedBlock): Promise<string | undefined> => {
    try {
      await staged.handle.datasync()
    } catch (error) {
      await staged.handle.close().catch(() => {})
      await unlink(staged.temporary).catch(() => {})
      throw error
    }
    await staged.handle.close()
    // Placers of the same block take turns, in arrival order: each waits for the one before
    // it (a promise that always resolves), never polls.
    const before = placing.get(staged.key)
    let done: () => void = () => {}
    const turn = new Promise<void>((resolve) => { done = resolve })
    placing.set(staged.key, turn)
    try {
      if (before !== undefined) await before
      if (await files.sizeOf(staged.cid) !== undefined) {
        await unlink(staged.temporary).catch(() => {})
        return undefined
      }
      await rename(staged.temporary, staged.file)
      placed(staged.bytes)
      return staged.directory
    } catch (error) {
      await unlink(staged.temporary).catch(() => {})
      throw error
    } finally {
      done()
      if (placing.get(staged.key) === turn) placing.delete(staged.key)
    }
  }

  return {
    async stage (cid, bytes, options = {}) {
      const { directory, file, key } = files.locate(cid)
      if (await files.sizeOf(cid) !== undefined) return undefined
      options.signal?.throwIfAborted()
      const temporary = join(directory, `.${randomBytes(8).toString('hex')}.tmp`)
      let handle: FileHandle
      try {
        handle = await open(temporary, 'wx', blockFileMode)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        // A shard directory removed behind our back: make it again, durably.
        await mkdir(directory, { recursive: true, mode: directoryMode })
        await syncDirectory(files.root)
        handle = await open(temporary, 'wx', blockFileMode)
      }
      try {
        // The mode comes from open() and the unit's umask (0007): no chmod, one call fewer a block.
        for (let done = 0; done < bytes.byteLength;) done += (await handle.write(bytes, done, bytes.byteLength - done, done)).bytesWritten
      } catch (error) {
        await handle.close().catch(() => {})
        await unlink(temporary).catch(() => {})
        throw error
      }
      return { cid, key, file, directory, temporary, handle, bytes: bytes.byteLength }
    },
    async install (blocks, directories) {
      const touched = new Set<string>()
      await inParallel(blocks, 16, async (staged) => {
        const directory = await place(staged)
        if (directory !== undefined) touched.add(directory)
      })
      if (directories !== undefined) {
        for (const directory of touched) directories.add(directory)
        return
      }
      await inParallel([...touched], 8, syncDirectory)
    }
  }
}
