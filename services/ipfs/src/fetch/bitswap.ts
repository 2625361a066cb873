// The fallback for IPFS nodes that are not PC2 (no gateway to fetch a CAR from): the DAG is
// walked block by block through Helia's bitswap, which asks every connected peer and checks
// each block against its CID before storing it. Slow (one block per round trip), but any
// IPFS node can answer. A root nobody has in `rootTimeoutMs` means nobody has the content.

import { ContentUnavailableError } from '@pc2/core'
import type { AbortOptions } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import type { GcLock } from '../blocks/gc-lock.ts'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import { childLinks, fileNode } from '../dag/block.ts'
import type { IpfsNode } from '../net/node.ts'
import { quotaExceeded } from '../storage/space.ts'
import type { Space } from '../storage/space.ts'

export interface BitswapContext {
  node: IpfsNode
  blockstore: LocalBlockstore
  lock: GcLock
  space: Space
}

export interface BitswapOptions extends AbortOptions {
  rootTimeoutMs: number
  blockTimeoutMs: number
}

export interface BitswapResult {
  fileBytes: number | undefined
  /** The peer that sent the root, when it came from the network. */
  from: string | undefined
}

export async function fetchWithBitswap (context: BitswapContext, root: CID, hold: Set<string>, options: BitswapOptions): Promise<BitswapResult> {
  const result: BitswapResult = { fileBytes: undefined, from: undefined }
  const seen = new Set<string>()
  const stack: CID[] = [root]
  while (stack.length > 0) {
    const cid = stack.pop() as CID
    const key = context.blockstore.keyOf(cid)
    if (seen.has(key)) continue
    seen.add(key)
    const isRoot = cid === root
    const timeout = AbortSignal.timeout(isRoot ? options.rootTimeoutMs : options.blockTimeoutMs)
    const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout])
    let bytes: Uint8Array
    try {
      // Helia puts the block into our blockstore itself; the shared GC lock spans that put
      // and the hold, so a collection cannot fall in between.
      bytes = await context.lock.shared(async () => {
        const chunks: Uint8Array[] = []
        for await (const chunk of context.node.blockstore.get(cid, {
          signal,
          onProgress: (event) => {
            const detail = (event as { type: string, detail?: { sender?: { toString: () => string } } })
            if (isRoot && detail.type === 'bitswap:block') result.from ??= detail.detail?.sender?.toString()
          }
        })) chunks.push(chunk)
        hold.add(key)
        return Buffer.concat(chunks)
      })
    } catch (error) {
      options.signal?.throwIfAborted()
      if (timeout.aborted) {
        throw new ContentUnavailableError(`no connected peer sent block ${cid.toString()} of ${root.toString()}`, {
          details: { cid: root.toString(), missing: cid.toString() }
        })
      }
      throw error
    }
    if (isRoot) {
      result.fileBytes = fileNode(cid, bytes)?.fileBytes
      const status = await context.space.status()
      if ((result.fileBytes ?? 0) > status.freeBytes) throw quotaExceeded(result.fileBytes ?? 0, status)
    }
    const children = childLinks(cid, bytes)
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index] as CID)
  }
  return result
}
