// A UnixFS file's bytes, or a range of them, straight from the local store: blocks are read
// one at a time and subtrees outside the range are skipped by their recorded sizes, so a
// Range request near the end of a 20 GB file reads a handful of blocks.

import type { CID } from 'multiformats/cid'
import { NotAFileError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import { fileNode } from './block.ts'
import type { FileNode } from './block.ts'
import type { WalkSource } from './walk.ts'

/** The root's file node; NotAFileError when the DAG is not a UnixFS file. */
export async function readFileRoot (root: CID, store: WalkSource, options: AbortOptions = {}): Promise<FileNode> {
  const node = fileNode(root, await store.read(root, options))
  if (node === undefined) throw new NotAFileError(`${root.toString()} is not a file`, { details: { cid: root.toString() } })
  return node
}

/** Yields the file bytes from `start` (inclusive) to `end` (exclusive). */
export async function * readFileRange (root: CID, store: WalkSource, range: { start: number, end: number }, options: AbortOptions = {}): AsyncGenerator<Uint8Array> {
  yield * visit(root, 0, await readFileRoot(root, store, options))

  async function * visit (cid: CID, offset: number, known?: FileNode): AsyncGenerator<Uint8Array> {
    options.signal?.throwIfAborted()
    const node = known ?? fileNode(cid, await store.read(cid, options))
    if (node === undefined) throw new NotAFileError(`${cid.toString()} inside the file is not file data`, { details: { cid: cid.toString() } })
    const dataEnd = offset + node.data.byteLength
    if (dataEnd > range.start && offset < range.end) {
      yield node.data.subarray(Math.max(0, range.start - offset), Math.min(node.data.byteLength, range.end - offset))
    }
    let position = dataEnd
    for (const child of node.children) {
      if (position >= range.end) return
      const childEnd = position + child.fileBytes
      if (childEnd > range.start && child.fileBytes > 0) yield * visit(child.cid, position)
      position = childEnd
    }
  }
}
