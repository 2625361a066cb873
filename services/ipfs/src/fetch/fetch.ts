// POST /fetch: brings a DAG to this node and pins it. PC2 peers first, over their trustless
// gateway (a CAR over plain HTTP: hundreds of MiB/s where bitswap does ~10), each peer in
// turn until one has it and sends it intact; then bitswap for any other IPFS peer. What a
// peer sent is kept (held from garbage collection) until the pin covers it.

import { ContentUnavailableError } from '@pc2/core'
import type { AbortOptions, FetchResult, Logger } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import type { GcLock } from '../blocks/gc-lock.ts'
import type { LocalBlockstore } from '../blocks/local-blockstore.ts'
import type { Peers } from '../net/peers.ts'
import type { IpfsNode } from '../net/node.ts'
import { pinPresent } from '../pins/pin-present.ts'
import type { PinStore } from '../pins/pin-store.ts'
import type { Holds } from '../storage/holds.ts'
import type { Space } from '../storage/space.ts'
import { fetchWithBitswap } from './bitswap.ts'
import { httpGet } from './http-get.ts'
import { importCar } from './import-car.ts'

export interface FetchContext {
  node: IpfsNode
  peers: Peers
  blockstore: LocalBlockstore
  lock: GcLock
  holds: Holds
  pins: PinStore
  space: Space
  logger: Logger
  bitswapRootTimeoutMs: number
  bitswapBlockTimeoutMs: number
}

export async function fetchContent (context: FetchContext, cid: CID, peerId: string | undefined, options: AbortOptions = {}): Promise<FetchResult> {
  const self = context.node.libp2p.peerId.toString()
  const pinned = context.pins.get(cid)
  if (pinned !== undefined) return { cid: pinned.cid, size: pinned.size, from: { peerId: self, via: 'local' } }

  await context.peers.dialStatic(options)
  const hold = context.holds.open()
  try {
    for (const candidate of await context.peers.gateways(peerId, options)) {
      const url = `${candidate.origin}/ipfs/${cid.toString()}?format=car&dag-scope=all`
      try {
        const response = await httpGet(url, { Accept: 'application/vnd.ipld.car' }, options)
        if (response.statusCode !== 200) {
          response.resume()
          context.logger.debug('peer does not have it', { peer: candidate.peerId, cid: cid.toString(), status: response.statusCode })
          continue
        }
        try {
          await importCar(context, cid, response, hold, options)
        } finally {
          response.destroy()
        }
        const pin = await pinPresent(context, cid, options)
        context.logger.info('fetched', { cid: cid.toString(), size: pin.size, peer: candidate.peerId, via: 'car' })
        return { cid: pin.cid, size: pin.size, from: { peerId: candidate.peerId, via: 'car' } }
      } catch (error) {
        options.signal?.throwIfAborted()
        if ((error as Error).name === 'QuotaExceededError') throw error
        context.logger.warning('fetch from a PC2 peer failed', { peer: candidate.peerId, cid: cid.toString(), error })
      }
    }

    // Bitswap asks every connected peer; a named peer that is not connected is dialled first.
    if (peerId !== undefined) {
      const peer = await context.peers.find(peerId)
      if (peer !== undefined && context.node.libp2p.getConnections(peer.id).length === 0) {
        await context.node.libp2p.dial(peer.id, options).catch(() => {})
      }
    }
    if (context.node.libp2p.getConnections().length === 0) {
      throw new ContentUnavailableError(`no peer to fetch ${cid.toString()} from`, { details: { cid: cid.toString() } })
    }
    const fetched = await fetchWithBitswap(context, cid, hold, {
      rootTimeoutMs: context.bitswapRootTimeoutMs,
      blockTimeoutMs: context.bitswapBlockTimeoutMs,
      ...options
    })
    const pin = await pinPresent(context, cid, options)
    const from = fetched.from ?? peerId ?? 'unknown'
    context.logger.info('fetched', { cid: cid.toString(), size: pin.size, peer: from, via: 'bitswap' })
    return { cid: pin.cid, size: fetched.fileBytes ?? pin.size, from: { peerId: from, via: 'bitswap' } }
  } finally {
    context.holds.close(hold)
  }
}
