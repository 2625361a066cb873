// The node's view of other IPFS nodes. Discovery (mDNS) only fills libp2p's peer store, so
// every discovered peer is dialled here; once identify says a peer speaks
// /pc2/gateway/1.0.0 it is asked for its gateway port, which is kept in the peer store's
// metadata with the time it was last seen. The peer store is the one list: GET /peers and
// fetch both read it.

import type { IdentifyResult, Libp2p, Peer, PeerId, PeerInfo } from '@libp2p/interface'
import type { AbortOptions, Logger, PeersResponse } from '@pc2/core'
import type { Multiaddr } from '@multiformats/multiaddr'
import { askGatewayPort, gatewayProtocol } from './gateway-protocol.ts'
import { ipOf } from './lan.ts'

const gatewayPortKey = 'pc2/gatewayPort'
const lastSeenKey = 'pc2/lastSeen'

export interface GatewayCandidate {
  peerId: string
  /** `http://<ip>:<port>`, the IP being that of a live connection to the peer. */
  origin: string
}

export interface Peers {
  start (): void
  stop (): void
  list (): Promise<PeersResponse>
  /** PC2 peers to fetch from (only `peerId` if given), connected ones first; dials as needed. */
  gateways (peerId: string | undefined, options?: AbortOptions): Promise<GatewayCandidate[]>
  /** The peer store's entry for `peerId`, if any. */
  find (peerId: string): Promise<Peer | undefined>
  /** Dials the static peers (PC2_IPFS_PEERS) that are not connected. */
  dialStatic (options?: AbortOptions): Promise<void>
}

export interface PeersInit {
  libp2p: Libp2p
  logger: Logger
  staticPeers: Multiaddr[]
  now?: () => number
}

export function createPeers ({ libp2p, logger, staticPeers, now = Date.now }: PeersInit): Peers {
  const text = new TextEncoder()
  const untext = new TextDecoder()

  const touch = async (peer: PeerId, extra: Record<string, Uint8Array> = {}): Promise<void> => {
    await libp2p.peerStore.merge(peer, { metadata: { [lastSeenKey]: text.encode(new Date(now()).toISOString()), ...extra } })
  }

  const learnGateway = async (peer: PeerId, options: AbortOptions = {}): Promise<number> => {
    const port = await askGatewayPort(libp2p, peer, { signal: options.signal ?? AbortSignal.timeout(10_000) })
    await touch(peer, { [gatewayPortKey]: text.encode(String(port)) })
    return port
  }

  const onDiscovery = (event: CustomEvent<PeerInfo>): void => {
    const { id } = event.detail
    if (id.equals(libp2p.peerId)) return
    touch(id).catch((error: unknown) => { logger.debug('could not record a discovered peer', { peer: id.toString(), error }) })
    libp2p.dial(id, { signal: AbortSignal.timeout(15_000) }).catch((error: unknown) => {
      logger.debug('could not dial a discovered peer', { peer: id.toString(), error })
    })
  }
  const onIdentify = (event: CustomEvent<IdentifyResult>): void => {
    const { peerId, protocols } = event.detail
    if (!protocols.includes(gatewayProtocol)) return
    learnGateway(peerId).then((port) => {
      logger.info('found a PC2 peer', { peer: peerId.toString(), gatewayPort: port })
    }, (error: unknown) => {
      logger.debug('could not learn a peer\'s gateway', { peer: peerId.toString(), error })
    })
  }
  const onConnect = (event: CustomEvent<PeerId>): void => {
    touch(event.detail).catch(() => {})
  }

  const portOf = (peer: Peer): number | undefined => {
    const stored = peer.metadata.get(gatewayPortKey)
    return stored === undefined ? undefined : Number(untext.decode(stored))
  }
  const isPc2 = (peer: Peer | undefined): boolean =>
    peer !== undefined && (portOf(peer) !== undefined || peer.protocols.includes(gatewayProtocol))
  const connectedIp = (peer: PeerId): string | undefined => {
    for (const connection of libp2p.getConnections(peer)) {
      const ip = ipOf(connection.remoteAddr)
      if (ip !== undefined) return ip
    }
    return undefined
  }
  const origin = (ip: string, port: number): string => `http://${ip.includes(':') ? `[${ip}]` : ip}:${port}`
  const others = async (): Promise<Peer[]> => (await libp2p.peerStore.all()).filter((peer) => !peer.id.equals(libp2p.peerId))

  return {
    start () {
      libp2p.addEventListener('peer:discovery', onDiscovery)
      libp2p.addEventListener('peer:identify', onIdentify)
      libp2p.addEventListener('peer:connect', onConnect)
    },
    stop () {
      libp2p.removeEventListener('peer:discovery', onDiscovery)
      libp2p.removeEventListener('peer:identify', onIdentify)
      libp2p.removeEventListener('peer:connect', onConnect)
    },
    async list () {
      const peers = await others()
      const byId = new Map(peers.map((peer) => [peer.id.toString(), peer]))
      return {
        self: { peerId: libp2p.peerId.toString(), addresses: libp2p.getMultiaddrs().map(String) },
        discovered: peers.map((peer) => {
          const port = portOf(peer)
          const ip = connectedIp(peer.id) ?? peer.addresses.map((address) => ipOf(address.multiaddr)).find((found) => found !== undefined)
          const lastSeen = peer.metadata.get(lastSeenKey)
          return {
            peerId: peer.id.toString(),
            addresses: peer.addresses.map((address) => address.multiaddr.toString()),
            pc2: isPc2(peer),
            ...(port === undefined || ip === undefined ? {} : { gatewayUrl: `${origin(ip, port)}/ipfs/` }),
            ...(lastSeen === undefined ? {} : { lastSeen: untext.decode(lastSeen) })
          }
        }),
        connected: libp2p.getConnections().map((connection) => ({
          peerId: connection.remotePeer.toString(),
          address: connection.remoteAddr.toString(),
          pc2: isPc2(byId.get(connection.remotePeer.toString()))
        }))
      }
    },
    async gateways (peerId, options = {}) {
      const peers = (await others()).filter((peer) => (peerId === undefined || peer.id.toString() === peerId) && isPc2(peer))
      // Peers we are connected to answer soonest; the rest are dialled in turn.
      peers.sort((a, b) => Number(libp2p.getConnections(b.id).length > 0) - Number(libp2p.getConnections(a.id).length > 0))
      const candidates: GatewayCandidate[] = []
      for (const peer of peers) {
        try {
          if (libp2p.getConnections(peer.id).length === 0) await libp2p.dial(peer.id, { signal: options.signal ?? AbortSignal.timeout(10_000) })
          const port = portOf(peer) ?? await learnGateway(peer.id, options)
          const ip = connectedIp(peer.id)
          if (ip !== undefined) candidates.push({ peerId: peer.id.toString(), origin: origin(ip, port) })
        } catch (error) {
          options.signal?.throwIfAborted()
          logger.debug('PC2 peer unreachable', { peer: peer.id.toString(), error })
        }
      }
      return candidates
    },
    async find (peerId) {
      return (await others()).find((peer) => peer.id.toString() === peerId)
    },
    async dialStatic (options = {}) {
      for (const address of staticPeers) {
        const peer = address.getComponents().find((component) => component.name === 'p2p')?.value
        if (peer !== undefined && libp2p.getConnections().some((connection) => connection.remotePeer.toString() === peer)) continue
        await libp2p.dial(address, { signal: options.signal ?? AbortSignal.timeout(10_000) }).catch((error: unknown) => {
          logger.warning('could not dial a configured peer', { address: address.toString(), error })
        })
      }
    }
  }
}
