// Everything the route handlers work with, built once at start: the stores, the upload
// sessions, the peers and the operations over them. Handlers get it as `context.services`.

import type { Logger } from '@pc2/core'
import type { CID } from 'multiformats/cid'
import type { LocalBlockstore } from './blocks/local-blockstore.ts'
import type { FetchResult } from './fetch/fetch.ts'
import type { Peers } from './net/peers.ts'
import type { Pin, PinStore } from './pins/pin-store.ts'
import type { GcResult } from './storage/collect-garbage.ts'
import type { Space } from './storage/space.ts'
import type { UploadContext } from './uploads/uploads.ts'
import type { AbortOptions } from '@pc2/core'

export interface IpfsServices {
  logger: Logger
  peerId: () => string
  blockstore: LocalBlockstore
  pins: PinStore
  space: Space
  uploads: UploadContext
  peers: Peers
  pin: (cid: CID, options?: AbortOptions) => Promise<Pin>
  fetch: (cid: CID, peerId: string | undefined, options?: AbortOptions) => Promise<FetchResult>
  collectGarbage: (options?: AbortOptions) => Promise<GcResult>
}
