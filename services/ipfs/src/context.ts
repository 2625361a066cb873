// What every route handler works with, built once at start: the stores, the upload sessions,
// the peers and the operations over them. Handlers get it as `ipfs`, beside their request.

import type { AbortOptions, ApiHandler, FetchResult, GarbageCollected, IpfsApi, Logger, Pin, RouteRequest } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import type { LocalBlockstore } from './blocks/local-blockstore.ts'
import type { Peers } from './net/peers.ts'
import type { PinStore } from './pins/pin-store.ts'
import type { Space } from './storage/space.ts'
import type { UploadContext } from './uploads/uploads.ts'

export interface IpfsContext {
  logger: Logger
  peerId: () => string
  blockstore: LocalBlockstore
  pins: PinStore
  space: Space
  uploads: UploadContext
  /** Throws until libp2p has started. */
  peers: Peers
  pin: (cid: CID, options?: AbortOptions) => Promise<Pin>
  fetch: (cid: CID, peerId: string | undefined, options?: AbortOptions) => Promise<FetchResult>
  collectGarbage: (options?: AbortOptions) => Promise<GarbageCollected>
}

export type IpfsRouteContext = RouteRequest & { ipfs: IpfsContext }

/** A route of IpfsApi, its params and reply typed by the contract. */
export type IpfsHandler<Key extends keyof IpfsApi> = ApiHandler<IpfsApi, Key, IpfsRouteContext>
