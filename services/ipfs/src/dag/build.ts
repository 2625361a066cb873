// The balanced UnixFS file DAG over leaves that are already stored, built the way
// ipfs-unixfs-importer's balanced layout builds it (what `ipfs add --raw-leaves
// --chunker=size-1048576 --cid-version=1` and Helia's addBytes with the same options make):
// leaves grouped in order into parents of at most `maxLinks`, level by level, until one
// node is left; a file of a single leaf is that leaf. Only the parents are written here,
// so a finished upload's data is never copied.

import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import type { CID } from 'multiformats/cid'
import { dagPbCid } from './block.ts'

/** The default of the importer's balanced layout, and of kubo. */
export const defaultMaxLinks = 174

export interface DagEntry {
  cid: CID
  /** File bytes under this entry. */
  fileBytes: number
  /** The entry's block plus everything under it, encoded: a link's Tsize. */
  dagBytes: number
}

export interface BuildDagOptions {
  maxLinks?: number
  /** Stores a parent node; the root is stored last. */
  put: (cid: CID, bytes: Uint8Array) => Promise<void>
}

/** Builds the parents over `leaves` (raw leaves: fileBytes = dagBytes = their length). */
export async function buildBalancedDag (leaves: readonly DagEntry[], options: BuildDagOptions): Promise<DagEntry> {
  const maxLinks = options.maxLinks ?? defaultMaxLinks
  if (leaves.length === 0) throw new RangeError('a file DAG needs at least one leaf')
  if (leaves.length === 1) return leaves[0] as DagEntry
  let level: readonly DagEntry[] = leaves
  while (level.length > 1) {
    const parents: DagEntry[] = []
    for (let start = 0; start < level.length; start += maxLinks) {
      parents.push(await parentOf(level.slice(start, start + maxLinks), options.put))
    }
    level = parents
  }
  return level[0] as DagEntry
}

async function parentOf (children: readonly DagEntry[], put: BuildDagOptions['put']): Promise<DagEntry> {
  const unixfs = new UnixFS({ type: 'file' })
  for (const child of children) unixfs.addBlockSize(BigInt(child.fileBytes))
  const node = dagPb.prepare({
    Data: unixfs.marshal(),
    Links: children.map((child) => ({ Name: '', Tsize: child.dagBytes, Hash: child.cid }))
  })
  const bytes = dagPb.encode(node)
  const cid = await dagPbCid(bytes)
  await put(cid, bytes)
  return {
    cid,
    fileBytes: children.reduce((sum, child) => sum + child.fileBytes, 0),
    dagBytes: bytes.byteLength + children.reduce((sum, child) => sum + child.dagBytes, 0)
  }
}
