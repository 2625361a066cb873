// pc2-ipfs — the node's IPFS store, trustless gateway and peers. It runs a Helia node built
// from the light parts (libp2p over TCP with noise and yamux, identify, mDNS, bitswap; no
// public DHT or bootstrap), keeps blocks on /data/ipfs durably (fsync before anything is
// acknowledged), takes uploads as resumable sessions that store 1 MiB raw leaves as the
// bytes arrive, pins, collects garbage within a quota, serves the trustless gateway, and
// fetches from other PC2 nodes as CAR over HTTP (from other IPFS nodes over bitswap).
// Everything it stores is ciphertext: it never sees a file key. The contract is API.md
// next to this directory; its HTTP API is a Unix socket that pc2-admin proxies.

import { mkdir } from 'node:fs/promises'
import type { Server } from 'node:http'
import { join } from 'node:path'
import type { AbortOptions, Components } from '@pc2/core'
import { multiaddr } from '@multiformats/multiaddr'
import { DurableFsDatastore } from './blocks/durable-datastore.ts'
import { createGcLock } from './blocks/gc-lock.ts'
import { createLocalBlockstore } from './blocks/local-blockstore.ts'
import { defaultMaxLinks } from './dag/build.ts'
import { fetchContent } from './fetch/fetch.ts'
import { listenOnSocket, listenOnTcp } from './http/listen.ts'
import { createIpfsServer } from './http/server.ts'
import { serveGatewayProtocol } from './net/gateway-protocol.ts'
import { createIpfsNode } from './net/node.ts'
import type { IpfsNode } from './net/node.ts'
import { createPeers } from './net/peers.ts'
import type { Peers } from './net/peers.ts'
import { pinPresent } from './pins/pin-present.ts'
import { createPinStore } from './pins/pin-store.ts'
import { apiRoutes, gatewayRoutes } from './routes.ts'
import type { IpfsServices } from './services.ts'
import { collectGarbage } from './storage/collect-garbage.ts'
import { createHolds } from './storage/holds.ts'
import { createSpace } from './storage/space.ts'
import { loadUploads } from './uploads/load.ts'
import { reservedBytes } from './uploads/uploads.ts'
import type { UploadContext } from './uploads/uploads.ts'

export interface IpfsInit {
  /** State root: blocks/, datastore/, uploads/, pins/ (PC2_IPFS_DIR). */
  dir: string
  /** The API socket (`$PC2_RUNTIME_DIR/api.sock`). */
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
}

export const ipfsDefaults = {
  dir: '/data/ipfs',
  runtimeDir: '/run/pc2/ipfs',
  blockBytes: 1024 * 1024
} as const

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
    const stopping = new AbortController()
    const servers: Server[] = []
    let node: IpfsNode | undefined
    let peers: Peers | undefined
    let gatewayAddress: { host: string, port: number } | undefined

    const started = (): { node: IpfsNode, peers: Peers } => {
      if (node === undefined || peers === undefined) throw new Error('pc2-ipfs is not started')
      return { node, peers }
    }
    const services: IpfsServices = {
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

        const api = createIpfsServer(apiRoutes, services, logger, stopping.signal)
        servers.push(api)
        await listenOnSocket(api, init.socketPath, options.signal)
        if (init.gatewayListen !== undefined) {
          const gateway = createIpfsServer(gatewayRoutes, services, logger, stopping.signal)
          servers.push(gateway)
          gatewayAddress = await listenOnTcp(gateway, init.gatewayListen, options.signal)
          logger.info('gateway listening', gatewayAddress)
        }
      },
      async stop (options = {}) {
        // Requests see their signal abort: an upload stores the tail it has, a CAR stream ends.
        stopping.abort(new Error('pc2-ipfs is stopping'))
        await Promise.all(servers.map(async (server) => { await closeServer(server, options.signal) }))
        await Promise.all([...sessions.values()].map(async (session) => await session.writer?.done.catch(() => {})))
        peers?.stop()
        await node?.stop()
        await datastore.close()
        node = undefined
        peers = undefined
        gatewayAddress = undefined
        logger.info('closed')
      },
      peerId: () => started().node.libp2p.peerId.toString(),
      gatewayAddress: () => gatewayAddress
    }
  }
}

async function closeServer (server: Server, signal: AbortSignal | undefined): Promise<void> {
  if (!server.listening) return
  const closed = new Promise<void>((resolve) => { server.close(() => { resolve() }) })
  server.closeIdleConnections()
  // Every request was told to stop; connections that still linger are cut.
  const cut = setTimeout(() => { server.closeAllConnections() }, 2_000)
  const abandon = (): void => { server.closeAllConnections() }
  signal?.addEventListener('abort', abandon, { once: true })
  try {
    await closed
  } finally {
    clearTimeout(cut)
    signal?.removeEventListener('abort', abandon)
  }
}
