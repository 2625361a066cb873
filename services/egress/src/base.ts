// Prints the ruleset the image boots with (scripts/build-image puts it in the root as
// /usr/lib/pc2/egress-base.nft; pc2-egress-base.service loads it before any network or PC2
// service starts). It is PC2's policy with nothing learnt yet — no DNS servers, no chain RPC,
// no owner's destinations — so until pc2-egress runs, nothing leaves the node but DHCP and
// neighbour discovery, and the admin port is open.
//
//   node services/egress/src/base.ts --admin-port 80 --ipfs-port 4001

import { parseArgs } from 'node:util'
import { egressDefaults } from './defaults.ts'
import { renderRuleset } from './nft/ruleset.ts'
import { buildPolicy } from './policy.ts'

const { values } = parseArgs({ options: { 'admin-port': { type: 'string', default: '80' }, 'ipfs-port': { type: 'string', default: '4001' } } })
const adminPort = Number(values['admin-port'])
const ipfsPort = Number(values['ipfs-port'])
const { table } = buildPolicy({
  adminPort,
  ipfsPort,
  gatewayPort: adminPort,
  ipfsPublic: false,
  resolvers: [],
  ntp: { names: [], addresses: [] },
  owner: {},
  apps: [],
  appCgroupLevel: egressDefaults.appCgroupLevel,
  logGroup: egressDefaults.logGroup,
  cgroupLevel: egressDefaults.cgroups.level
})
process.stdout.write(renderRuleset(table))
