// Entry point of the pc2-ipfs unit. Where things are comes from the environment (the unit
// file sets it; the defaults are the appliance's paths), so the same bundle runs on the
// appliance, in tests and on a developer's machine.

import { ownSocketPath, readEnvironment, runService } from '@pc2/core'
import { ipfs, ipfsDefaults } from './index.ts'
import { parseListenAddress } from './listen-address.ts'

await runService({
  name: 'pc2-ipfs',
  create: ({ logger, settings, environment }) => {
    const variables = readEnvironment(environment)
    const gatewayListen = variables.optional('PC2_IPFS_GATEWAY_LISTEN')
    const libp2pListen = variables.list('PC2_IPFS_LIBP2P_LISTEN')
    return ipfs({
      dir: variables.text('PC2_IPFS_DIR', ipfsDefaults.dir),
      socketPath: ownSocketPath('ipfs', environment),
      ...(gatewayListen === undefined ? {} : { gatewayListen: parseListenAddress(gatewayListen) }),
      ...(libp2pListen === undefined ? {} : { libp2pListen }),
      mdns: variables.choice('PC2_IPFS_MDNS', ['on', 'off'], 'on') === 'on',
      staticPeers: variables.list('PC2_IPFS_PEERS') ?? []
    })({ logger, settings })
  },
  status: (service) => `peer ${service.peerId()}`
})
