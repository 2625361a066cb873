// The Helia node, built from the light parts only: createHeliaLight (no routers, no block
// brokers of its own), libp2p with TCP + noise + yamux + identify + mDNS, and bitswap. The
// default createHelia would dial public bootstrap nodes, delegated routers and relays;
// none of that runs here. Without ipfs.publicNetwork the connection gater also refuses any
// address outside the LAN, in both directions.
// Public networking (DHT, bootstrap) would need @libp2p/kad-dht and @libp2p/bootstrap as
// dependencies; until then ipfs.publicNetwork=on only lifts the LAN restriction.

import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import type { HeliaWithLibp2p } from '@helia/libp2p'
import { identify } from '@libp2p/identify'
import type { Identify } from '@libp2p/identify'
import type { ConnectionGater } from '@libp2p/interface'
import { mdns } from '@libp2p/mdns'
import { tcp } from '@libp2p/tcp'
import { createHeliaLight } from 'helia'
import type { Blockstore } from 'interface-blockstore'
import type { Datastore } from 'interface-datastore'
import { isLanAddress } from './lan.ts'

export type IpfsNode = HeliaWithLibp2p<{ identify: Identify }>

export interface NodeInit {
  blockstore: Blockstore
  /** Persistent: holds the node's private key (a stable peer id) and the peer store. */
  datastore: Datastore
  listen: string[]
  mdns: boolean
  publicNetwork: boolean
}

/** Bitswap moves 1 MiB leaves: its message limits must fit a block with room to spare. */
const bitswapMessageBytes = 4 * 1024 * 1024

export function createIpfsNode (init: NodeInit): IpfsNode {
  const helia = createHeliaLight({ blockstore: init.blockstore, datastore: init.datastore })
  const withNetwork = withLibp2pLight(helia, {
    addresses: { listen: init.listen },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: init.mdns ? [mdns()] : [],
    services: { identify: identify() },
    connectionGater: init.publicNetwork ? {} : lanOnly
  })
  return withBitswap(withNetwork, { maxIncomingMessageSize: bitswapMessageBytes, maxOutgoingMessageSize: bitswapMessageBytes })
}

const lanOnly: ConnectionGater = {
  denyDialMultiaddr: (address) => !isLanAddress(address),
  denyInboundConnection: (connection) => !isLanAddress(connection.remoteAddr)
}
