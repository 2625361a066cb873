// The sockets PC2 intends to listen on, beyond loopback. Anything else is a finding.
export interface Listener { protocol: 'tcp' | 'udp', family: 'ipv4' | 'ipv6', address: string, port: number }

const INTENDED: Array<Pick<Listener, 'protocol' | 'port'> & { why: string }> = [
  { protocol: 'tcp', port: 80, why: 'pc2-admin: admin UI and API' },
  { protocol: 'udp', port: 68, why: 'systemd-networkd: DHCPv4 client' },
  { protocol: 'udp', port: 546, why: 'systemd-networkd: DHCPv6 client' },
  { protocol: 'udp', port: 5353, why: 'systemd-resolved: mDNS responder for <hostname>.local; pc2-ipfs: libp2p mDNS peer discovery' },
  { protocol: 'tcp', port: 4001, why: 'pc2-ipfs: libp2p (bitswap and the PC2 peer protocol)' }
]

function isLoopback (address: string): boolean {
  return address.startsWith('127.') || address === '::1'
}

export function unexpectedListeners (listening: Listener[]): Listener[] {
  return listening.filter((socket) => !isLoopback(socket.address) &&
    !INTENDED.some((intended) => intended.protocol === socket.protocol && intended.port === socket.port))
}
