// Which addresses are "the local network": with ipfs.publicNetwork off, libp2p may dial and
// accept only these (the egress firewall says the same; this is the service's own half).
// Names (dns4/dns6/dnsaddr) are not local: resolving them would itself go out.

import { BlockList, isIP } from 'node:net'
import type { Multiaddr } from '@multiformats/multiaddr'

const local = new BlockList()
for (const [network, prefix] of [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['127.0.0.0', 8], ['169.254.0.0', 16]] as const) {
  local.addSubnet(network, prefix, 'ipv4')
}
for (const [network, prefix] of [['fc00::', 7], ['fe80::', 10], ['::1', 128]] as const) {
  local.addSubnet(network, prefix, 'ipv6')
}

export function isLanIp (ip: string): boolean {
  const bare = ip.replace(/%.*$/, '')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1]
  if (mapped !== undefined) return local.check(mapped, 'ipv4')
  const family = isIP(bare)
  if (family === 0) return false
  return local.check(bare, family === 4 ? 'ipv4' : 'ipv6')
}

/** The IP a multiaddr starts with, if it starts with one. */
export function ipOf (address: Multiaddr): string | undefined {
  const first = address.getComponents()[0]
  return first !== undefined && (first.name === 'ip4' || first.name === 'ip6') ? first.value : undefined
}

export function isLanAddress (address: Multiaddr): boolean {
  const ip = ipOf(address)
  return ip !== undefined && isLanIp(ip)
}
