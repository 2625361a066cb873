// Walking a DAG in the local store depth-first, one block in memory at a time (plus the
// CIDs still to visit), never the whole DAG: what a pin holds, what a collection keeps.

import type { CID } from 'multiformats/cid'
import type { AbortOptions } from '@pc2/core'
import { childLinks, rawCode } from './block.ts'

/** The trustless gateway's dag-scope: everything, the UnixFS entity, or the root block only. */
export type DagScope = 'all' | 'entity' | 'block'

/** Where DAG walks read blocks from: the local store. */
export interface WalkSource {
  read (cid: CID, options?: AbortOptions): Promise<Uint8Array>
  keyOf (cid: CID): string
}

export interface ReachableSource extends WalkSource {
  sizeOf (cid: CID): Promise<number | undefined>
}

export interface Reachable {
  cid: CID
  key: string
  /** Undefined when the block is not in the store. */
  bytes: number | undefined
}

/**
 * Every block reachable from `root`, each once. Raw leaves are only looked up, never read
 * (they link to nothing), so walking a 20 GB file reads a few hundred kilobytes of nodes.
 * A missing node is reported, and what is under it cannot be known.
 */
export async function * reachableBlocks (root: CID, store: ReachableSource, options: AbortOptions = {}): AsyncGenerator<Reachable> {
  const seen = new Set<string>()
  const stack: CID[] = [root]
  while (stack.length > 0) {
    options.signal?.throwIfAborted()
    const cid = stack.pop() as CID
    const key = store.keyOf(cid)
    if (seen.has(key)) continue
    seen.add(key)
    if (cid.code === rawCode) {
      yield { cid, key, bytes: await store.sizeOf(cid) }
      continue
    }
    let bytes: Uint8Array
    try {
      bytes = await store.read(cid, options)
    } catch (error) {
      if ((error as Error).name !== 'BlockNotFoundError') throw error
      yield { cid, key, bytes: undefined }
      continue
    }
    yield { cid, key, bytes: bytes.byteLength }
    const children = childLinks(cid, bytes)
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index] as CID)
  }
}
