// pc2-ipfs — the node's IPFS store, trustless gateway and peers. It runs a Helia node built
// from the light parts (libp2p over TCP with noise and yamux, identify, mDNS, bitswap; no
// public DHT or bootstrap), keeps blocks on /data/ipfs durably (fsync before anything is
// acknowledged), takes uploads as resumable sessions that store 1 MiB raw leaves as the
// bytes arrive, pins, collects garbage within a quota, serves the trustless gateway, and
// fetches from other PC2 nodes as CAR over HTTP (from other IPFS nodes over bitswap).
// Everything it stores is ciphertext: it never sees a file key. The contract is API.md
// next to this directory (its types are core's IpfsApi); its HTTP API is a Unix socket that
// pc2-admin proxies.

import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createRouteServer } from '@pc2/core'
import type { AbortOptions, Components, RouteServer, ServerLimits } from '@pc2/core'
import { multiaddr } from '@multiformats/multiaddr'
import { DurableFsDatastore } from './blocks/durable-datastore.ts'
import { createGcLock } from './blocks/gc-lock.ts'
import { createLocalBlockstore } from './blocks/local-blockstore.ts'
import type { IpfsContext } from './context.ts'
import { defaultMaxLinks } from './dag/build.ts'
import { fetchContent } from './fetch/fetch.ts'
import { serveGatewayProtocol } from './net/gateway-protocol.ts'
import { createIpfsNode } from './net/node.ts'
import type { IpfsNode } from './net/node.ts'
import { createPeers } from './net/peers.ts'
import type { Peers } from './net/peers.ts'
import { pinPresent } from './pins/pin-present.ts'
import { createPinStore } from './pins/pin-store.ts'
import { gatewayRoutes, socketRoutes } from './routes.ts'
import { collectGarbage } from './storage/collect-garbage.ts'
import { createHolds } from './storage/holds.ts'
import { createSpace } from './storage/space.ts'
import { loadUploads } from './uploads/load.ts'
import { reservedBytes } from './uploads/uploads.ts'
import type { UploadContext } from './uploads/uploads.ts'

export interface IpfsInit {
  /** State root: blocks/, datastore/, uploads/, pins/ (PC2_IPFS_DIR). */
  dir: string
  /** The API socket (core's serviceSockets.ipfs in the appliance, `$PC2_RUNTIME_DIR/api.sock` in tests). */
  socketPath: string
  /** An extra TCP listener serving the gateway routes only (PC2_IPFS_GATEWAY_LISTEN). */
  gatewayListen?: { host: string, port: number }
  /** libp2p listen multiaddrs; all addresses on ipfs.port by default (PC2_IPFS_LIBP2P_LISTEN). */
  libp2pListen?: string[]
  /** mDNS discovery; on by default (PC2_IPFS_MDNS). */
  mdns?: boolean
  /** Multiaddrs (with /p2p/<id>) to dial at start and before a fetch (PC2_IPFS_PEERS). */
  staticPeers?: string[]
  /** Leaf size of uploads; 1 MiB (API.md). Tests use less. */
  blockBytes?: number
  maxLinks?: number
  /** Kept free on the filesystem whatever the quota; 1 GiB by default. */
  diskReserveBytes?: number
  bitswapRootTimeoutMs?: number
  bitswapBlockTimeoutMs?: number
}

export type IpfsComponents = Pick<Components, 'logger' | 'settings'>

export interface IpfsService {
  start (options?: AbortOptions): Promise<void>
  /** Ends requests in flight (an upload keeps what it received), closes the listeners, stops Helia. */
  stop (options?: AbortOptions): Promise<void>
  peerId (): string
  /** Where the TCP gateway listens, once started. */
  gatewayAddress (): { host: string, port: number } | undefined
  /** The API socket's path. */
  readonly socketPath: string
}

export const ipfsDefaults = {
  dir: '/data/ipfs',
  blockBytes: 1024 * 1024
} as const

/**
 * The same for both listeners. Uploads of large files and CAR streams run for minutes: only
 * an idle connection is cut. On stop every request is told to end (an upload keeps what it
 * received, a CAR stream ends); connections still open 2 s later are cut.
 */
const serverLimits: Partial<ServerLimits> = {
  requestTimeoutMs: 0,
  idleTimeoutMs: 120_000,
  jsonBodyBytes: 64 * 1024,
  closeGraceMs: 2_000
}

// Nothing here is for a browser to cache or reinterpret, except the gateway's immutable
// content, whose replies say so themselves.
const commonHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff'
}

export function ipfs (init: IpfsInit): (components: IpfsComponents) => IpfsService {
  return ({ logger, settings }) => {
    const dirs = { blocks: join(init.dir, 'blocks'), datastore: join(init.dir, 'datastore'), uploads: join(init.dir, 'uploads'), pins: join(init.dir, 'pins') }
    const blockstore = createLocalBlockstore(dirs.blocks)
    const datastore = new DurableFsDatastore(dirs.datastore)
    const lock = createGcLock()
    const holds = createHolds()
    const pins = createPinStore(dirs.pins)
    const sessions: UploadContext['sessions'] = new Map()
    const space = createSpace({
      dir: init.dir,
      quota: settings['ipfs.quota'],
      blockstore,
      reserved: () => reservedBytes({ sessions }),
      ...(init.diskReserveBytes === undefined ? {} : { diskReserveBytes: init.diskReserveBytes })
    })
    const uploads: UploadContext = {
      dir: dirs.uploads,
      blockBytes: init.blockBytes ?? ipfsDefaults.blockBytes,
      maxLinks: init.maxLinks ?? defaultMaxLinks,
      sessions,
      blockstore,
      lock,
      pins,
      space,
      logger,
      now: Date.now
    }
    const port = settings['ipfs.port']
    const gatewayPort = settings['ipfs.gatewayPort'] === 'auto' ? settings['admin.port'] : settings['ipfs.gatewayPort']
    const servers: RouteServer[] = []
    let node: IpfsNode | undefined
    let peers: Peers | undefined
    let gatewayAddress: { host: string, port: number } | undefined

    const started = (): { node: IpfsNode, peers: Peers } => {
      if (node === undefined || peers === undefined) throw new Error('pc2-ipfs is not started')
      return { node, peers }
    }
    const context: IpfsContext = {
      logger,
      peerId: () => started().node.libp2p.peerId.toString(),
      blockstore,
      pins,
      space,
      uploads,
      get peers () { return started().peers },
      pin: async (cid, options) => await pinPresent({ blockstore, lock, pins }, cid, options),
      fetch: async (cid, peerId, options) => await fetchContent({
        ...started(),
        blockstore,
        lock,
        holds,
        pins,
        space,
        logger,
        bitswapRootTimeoutMs: init.bitswapRootTimeoutMs ?? 15_000,
        bitswapBlockTimeoutMs: init.bitswapBlockTimeoutMs ?? 30_000
      }, cid, peerId, options),
      collectGarbage: async (options) => await collectGarbage({ blockstore, lock, pins, sessions, holds, logger }, options)
    }

    return {
      async start (options = {}) {
        for (const dir of [init.dir, ...Object.values(dirs)]) await mkdir(dir, { recursive: true, mode: 0o750 })
        await blockstore.open(options)
        await datastore.open()
        await pins.load(options)
        await loadUploads(uploads, options)
        const usage = blockstore.usage()
        logger.info('store opened', { blocks: usage.blocks, bytes: usage.bytes, pins: pins.list().length, uploads: sessions.size })

        node = createIpfsNode({
          blockstore,
          datastore,
          listen: init.libp2pListen ?? [`/ip4/0.0.0.0/tcp/${port}`, `/ip6/::/tcp/${port}`],
          mdns: init.mdns ?? true,
          publicNetwork: settings['ipfs.publicNetwork'] === 'on'
        })
        await node.start()
        await serveGatewayProtocol(node.libp2p, gatewayPort)
        peers = createPeers({ libp2p: node.libp2p, logger, staticPeers: (init.staticPeers ?? []).map((address) => multiaddr(address)) })
        peers.start()
        logger.info('libp2p listening', { peerId: node.libp2p.peerId.toString(), addresses: node.libp2p.getMultiaddrs().map(String).join(' ') })
        void peers.dialStatic()

        const serverOptions = { name: 'pc2-ipfs', state: { ipfs: context }, logger, head: true, headers: commonHeaders, limits: serverLimits }
        const api = createRouteServer(socketRoutes, serverOptions)
        servers.push(api)
        await api.listen({ socket: init.socketPath }, options)
        if (init.gatewayListen !== undefined) {
          const gateway = createRouteServer(gatewayRoutes, serverOptions)
          servers.push(gateway)
          await gateway.listen(init.gatewayListen, options)
          gatewayAddress = gateway.address()
        }
      },
      async stop (options = {}) {
        // Requests see their signal abort: an upload stores the tail it has, a CAR stream ends.
        await Promise.all(servers.map(async (server) => await server.close(options)))
        await Promise.all([...sessions.values()].map(async (session) => await session.writer?.done.catch(() => {})))
        peers?.stop()
        await node?.stop()
        await datastore.close()
        node = undefined
        peers = undefined
        gatewayAddress = undefined
      },
      peerId: () => started().node.libp2p.peerId.toString(),
      gatewayAddress: () => gatewayAddress,
      socketPath: init.socketPath
    }
  }
}
