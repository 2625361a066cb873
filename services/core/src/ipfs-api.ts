// pc2-ipfs's HTTP API on its Unix socket (services/ipfs/API.md): a contract with pc2-admin,
// which serves the owner's files, storage and peers pages from it and the public gateway,
// and with pc2-apps, which takes app packages from it. The web UI reads the same shapes
// through pc2-admin.

import type { Endpoint, NoContentEndpoint, RawBody, StreamEndpoint } from './http/api-contract.ts'
import type { ServiceHealth } from './vault-api.ts'

export interface IpfsHealth extends ServiceHealth {
  peerId: string
}

export interface UploadCreateRequest {
  /** Ciphertext bytes the upload will have. */
  size: number
}

export interface UploadCreated {
  id: string
  size: number
  offset: number
  blockBytes: number
}

/** Where an upload stands: the offset is the bytes on disk, where to resume from. */
export interface UploadState extends UploadCreated {
  state: 'open' | 'complete'
  cid?: string
}

/** What a PUT of upload bytes acknowledges: every byte before `offset` is fsynced. */
export interface UploadWritten {
  offset: number
}

export interface UploadDone {
  cid: string
  /** Ciphertext bytes. */
  size: number
}

export interface Pin {
  cid: string
  /** Bytes of the file (not of its blocks). */
  size: number
  pinnedAt: string
}

export interface PinsResponse {
  /** Oldest first. */
  pins: Pin[]
}

export interface PinAdded {
  cid: string
  size: number
}

export interface StorageUsage {
  usedBytes: number
  quotaBytes: number
  freeBytes: number
  pinnedBytes: number
  blocks: number
  uploadsOpen: number
}

export interface GarbageCollected {
  removedBlocks: number
  freedBytes: number
}

export interface PeerInfo {
  peerId: string
  addresses: string[]
  pc2: boolean
  gatewayUrl?: string
  /** When the peer was last seen, if it ever was (a peer only known from its address has none). */
  lastSeen?: string
}

export interface ConnectedPeer {
  peerId: string
  address: string
  pc2: boolean
}

export interface PeersResponse {
  self: { peerId: string, addresses: string[] }
  discovered: PeerInfo[]
  connected: ConnectedPeer[]
}

export interface FetchRequest {
  cid: string
  /** Ask this peer only. */
  peerId?: string
}

/**
 * Where the content came from: `local` when this node had it pinned already (nothing was
 * fetched), `car` from a PC2 peer's gateway, `bitswap` from another IPFS peer.
 */
export interface FetchResult {
  cid: string
  size: number
  from: { peerId: string, via: 'local' | 'car' | 'bitswap' }
}

export interface IpfsApi {
  'GET /health': Endpoint<IpfsHealth>
  /** 201 */
  'POST /uploads': Endpoint<UploadCreated, UploadCreateRequest>
  'GET /uploads/:id': Endpoint<UploadState>
  /** `?offset=<bytes already uploaded>`, the bytes as application/octet-stream. */
  'PUT /uploads/:id': Endpoint<UploadWritten, RawBody>
  'DELETE /uploads/:id': NoContentEndpoint
  /** 201: the file is built, pinned and served. */
  'POST /uploads/:id/complete': Endpoint<UploadDone>
  'GET /pins': Endpoint<PinsResponse>
  'PUT /pins/:cid': Endpoint<PinAdded>
  'DELETE /pins/:cid': NoContentEndpoint
  'GET /storage': Endpoint<StorageUsage>
  'POST /gc': Endpoint<GarbageCollected>
  'GET /peers': Endpoint<PeersResponse>
  /** 201: copied from a peer (or here already) and pinned. */
  'POST /fetch': Endpoint<FetchResult, FetchRequest>
  /** The trustless gateway: raw blocks, CARs, file bytes (ranges, ETags). */
  'GET /ipfs/*': StreamEndpoint
}
