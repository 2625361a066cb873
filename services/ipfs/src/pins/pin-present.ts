// PUT /pins/<cid>: pins a DAG this node holds in full. Every block is checked to be here
// first (nodes read, leaves looked up), under the GC lock so that a collection cannot take
// a block between the check and the pin.

import { BlockNotFoundError } from '@pc2/core'
import type { AbortOptions, Pin } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import type { GcLock } from '../blocks/gc-lock.ts'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import { fileNode } from '../dag/block.ts'
import { reachableBlocks } from '../dag/walk.ts'
import type { PinStore } from './pin-store.ts'

export interface PinContext {
  blockstore: LocalBlockstore
  lock: GcLock
  pins: PinStore
}

export async function pinPresent ({ blockstore, lock, pins }: PinContext, root: CID, options: AbortOptions = {}): Promise<Pin> {
  return await lock.shared(async () => {
    const existing = pins.get(root)
    if (existing !== undefined) return existing
    let blockBytes = 0
    for await (const block of reachableBlocks(root, blockstore, options)) {
      if (block.bytes === undefined) {
        throw new BlockNotFoundError(`block ${block.cid.toString()} of ${root.toString()} is not stored on this node`, {
          details: { cid: root.toString(), missing: block.cid.toString() }
        })
      }
      blockBytes += block.bytes
    }
    return await pins.add(root, await contentSize(blockstore, root, blockBytes, options), options)
  })
}

/** A file's size in bytes; for a DAG that is not a file, the bytes of its blocks. */
export async function contentSize (blockstore: LocalBlockstore, root: CID, blockBytes: number, options: AbortOptions = {}): Promise<number> {
  return fileNode(root, await blockstore.read(root, options))?.fileBytes ?? blockBytes
}
