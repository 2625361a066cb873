// PC2's network policy, built as one nftables table (`inet pc2`) and said in words.
//
// Leaving the node (output, policy drop): loopback, replies, DHCP and IPv6 neighbour
// discovery always; then each unit by its cgroup (`socket cgroupv2`, the cgroup sets that
// systemd fills through `NFTSet=` in every unit) jumps to its own chain, which allows that
// unit's destinations and refuses — logged to NFLOG with the unit's name — all else. A
// program in no known cgroup gets nothing. Refused packets are rejected (ICMP
// administratively prohibited) rather than silently dropped, so a program fails at once
// with EHOSTUNREACH/EPERM instead of hanging.
//
// Each app granted the network (pc2-apps) is a unit of the same kind: its runs' transient
// units add their cgroups to the app's set (`NFTSet=` from pc2-apps-launcher), deeper in the
// tree (pc2-app-runs.slice), and its chain allows only the destinations it was granted.
//
// Coming in (input, policy drop): replies, ICMP, the admin port — never refused, whatever
// the owner allows or removes, so the owner cannot be locked out — libp2p, the gateway,
// DHCP and mDNS.

import { appEgressShort } from '@pc2/core'
import type { PolicyLine, PolicyWords } from '@pc2/core'
import { blockCovers, parseAddressBlock } from './address.ts'
import { describeDestination, destinationKey } from './destination.ts'
import type { Destination } from './destination.ts'
import type { AddressBlock, DestinationElement, IpFamily, Match, NftChain, NftRule, NftSet, NftTable, PortRange, Protocol } from './nft/ruleset.ts'

export const tableName = 'pc2'
export const logPrefix = 'pc2-egress'

export type UnitName = 'pc2-shop' | 'pc2-ipfs' | 'pc2-admin' | 'pc2-vault' | 'pc2-egress' | 'systemd-resolved' | 'systemd-timesyncd'

export interface UnitSpec {
  name: UnitName
  /** Short name for sets and chains. */
  short: string
  /** True when the owner may allow this unit more destinations. */
  ownerMayAdd: boolean
  /** What the unit is for, for the Network page. */
  role: string
}

export const unitSpecs: readonly UnitSpec[] = [
  { name: 'pc2-shop', short: 'shop', ownerMayAdd: true, role: 'sells files on the FileShop contract' },
  { name: 'pc2-ipfs', short: 'ipfs', ownerMayAdd: true, role: 'stores files and exchanges blocks with IPFS peers' },
  { name: 'pc2-admin', short: 'admin', ownerMayAdd: true, role: 'serves the admin UI, the storefront and share links' },
  { name: 'pc2-vault', short: 'vault', ownerMayAdd: false, role: 'keeps the node\'s keys; has no network at all' },
  { name: 'pc2-egress', short: 'egress', ownerMayAdd: false, role: 'applies these rules; needs no network' },
  { name: 'systemd-resolved', short: 'resolved', ownerMayAdd: false, role: 'answers name lookups for the other services' },
  { name: 'systemd-timesyncd', short: 'timesyncd', ownerMayAdd: false, role: 'keeps the clock right' }
]

export function unitSpec (name: string): UnitSpec | undefined {
  return unitSpecs.find((spec) => spec.name === name)
}

/** The destinations an app was granted, resolved. */
export interface AppAllowance {
  app: string
  destinations: ResolvedDestination[]
}

/** A destination with its host resolved: the addresses the rules hold. */
export interface ResolvedDestination extends Destination {
  addresses: AddressBlock[]
  /** Set when the host name could not be resolved (the destination then allows nothing yet). */
  unresolved?: string
}

export interface PolicyInput {
  adminPort: number
  ipfsPort: number
  /** A port of its own for the gateway; equal to adminPort when the admin server serves it. */
  gatewayPort: number
  /** ipfs.publicNetwork=on: pc2-ipfs may reach peers anywhere, not only on the LAN. */
  ipfsPublic: boolean
  /** The DNS servers systemd-resolved asks (configured, or what DHCP gave). */
  resolvers: AddressBlock[]
  /** NTP servers systemd-timesyncd may reach, resolved. */
  ntp: { names: string[], addresses: AddressBlock[] }
  /** The shop's chain RPC, from shop.rpcUrl; undefined when the shop is off. */
  chainRpc?: { url: string, addresses: AddressBlock[], port: number, unresolved?: string }
  /** What the owner allowed, per unit. */
  owner: Partial<Record<UnitName, ResolvedDestination[]>>
  /** What each app was granted (through pc2-apps-launcher). */
  apps: AppAllowance[]
  /** Depth of an app run's cgroup: 4 for pc2.slice/pc2-app.slice/pc2-app-runs.slice/<run>.service. */
  appCgroupLevel: number
  /** NFLOG group refused packets are logged to. */
  logGroup: number
  /** Depth of a unit's cgroup below the root: 2 for system.slice/<unit>.service. */
  cgroupLevel: number
}

export const lanBlocks: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', 'fc00::/7', 'fe80::/10']
const anywhere: readonly string[] = ['0.0.0.0/0', '::/0']
const mdnsGroups: readonly string[] = ['224.0.0.251', 'ff02::fb']
const everyPort: PortRange = { from: 1, to: 65535 }
const one = (port: number): PortRange => ({ from: port, to: port })

interface Allow { blocks: AddressBlock[], protocols: Protocol[], ports: PortRange, line: PolicyLine }

export function buildPolicy (input: PolicyInput): { table: NftTable, words: PolicyWords } {
  const blocks = (texts: readonly string[]): AddressBlock[] => texts.map((text) => parseAddressBlock(text))
  const allows = new Map<UnitName, Allow[]>(unitSpecs.map((spec) => [spec.name, []]))
  const allow = (unit: UnitName, entry: Allow): void => { allows.get(unit)!.push(entry) }

  const resolverText = input.resolvers.length === 0 ? 'none known yet (DHCP has not given any)' : input.resolvers.map((block) => block.text).join(', ')
  allow('systemd-resolved', { blocks: input.resolvers, protocols: ['udp', 'tcp'], ports: one(53), line: { text: `DNS servers ${resolverText}, port 53`, source: 'setting', setting: 'egress.dnsServers' } })
  allow('systemd-resolved', { blocks: blocks(mdnsGroups), protocols: ['udp'], ports: one(5353), line: { text: 'mDNS on the local network: questions, and answers for this node\'s .local name', source: 'built-in' } })
  const ntpText = input.ntp.names.length === 0 ? 'none' : input.ntp.names.join(', ')
  allow('systemd-timesyncd', { blocks: input.ntp.addresses, protocols: ['udp'], ports: one(123), line: { text: `NTP servers ${ntpText}, port 123`, source: 'setting', setting: 'egress.ntpServers' } })
  if (input.chainRpc !== undefined) {
    const rpc = input.chainRpc
    const where = rpc.unresolved === undefined ? rpc.addresses.map((block) => block.text).join(', ') : `nothing yet: ${rpc.unresolved}`
    allow('pc2-shop', { blocks: rpc.addresses, protocols: ['tcp'], ports: one(rpc.port), line: { text: `the chain RPC ${rpc.url} (${where}), port ${rpc.port}`, source: 'setting', setting: 'shop.rpcUrl' } })
  }
  if (input.ipfsPublic) {
    allow('pc2-ipfs', { blocks: blocks(anywhere), protocols: ['tcp', 'udp'], ports: everyPort, line: { text: 'IPFS peers anywhere, any port (public network is on)', source: 'setting', setting: 'ipfs.publicNetwork' } })
  } else {
    allow('pc2-ipfs', { blocks: blocks(lanBlocks), protocols: ['tcp', 'udp'], ports: everyPort, line: { text: `IPFS peers on the local network only (${lanBlocks.join(', ')}), any port`, source: 'setting', setting: 'ipfs.publicNetwork' } })
  }
  allow('pc2-ipfs', { blocks: blocks(mdnsGroups), protocols: ['udp'], ports: one(5353), line: { text: 'mDNS on the local network (finding PC2 peers)', source: 'built-in' } })
  for (const [unit, destinations] of Object.entries(input.owner) as Array<[UnitName, ResolvedDestination[]]>) {
    for (const destination of destinations) {
      allow(unit, { blocks: destination.addresses, protocols: [destination.protocol], ports: destination.ports ?? everyPort, line: destinationLine(destination) })
    }
  }

  const sets: NftSet[] = []
  const unitChains: NftChain[] = []
  const dispatch: NftRule[] = []
  const addChain = (short: string, label: string, entries: Allow[], level: number, first: NftRule[] = []): void => {
    const cgroupSet = `cg_${short}`
    sets.push({ name: cgroupSet, type: { kind: 'cgroups' }, elements: [] })
    const rules: NftRule[] = [...first]
    for (const family of ['ipv4', 'ipv6'] as IpFamily[]) {
      const elements: DestinationElement[] = []
      for (const entry of entries) {
        for (const address of entry.blocks) {
          if (address.family !== family) continue
          for (const protocol of entry.protocols) elements.push({ address, protocol, ports: entry.ports })
        }
      }
      const setName = `${short}_${family === 'ipv4' ? 'v4' : 'v6'}`
      sets.push({ name: setName, type: { kind: 'destinations', family }, elements: mergeElements(elements) })
      rules.push({ matches: [{ kind: 'destinationIn', family, set: setName }], statements: [], verdict: { kind: 'accept' } })
    }
    rules.push(refusal(`${logPrefix} ${label}`, input.logGroup))
    unitChains.push({ name: `unit_${short}`, rules })
    dispatch.push({ matches: [{ kind: 'cgroupIn', set: cgroupSet, level }], statements: [], verdict: { kind: 'jump', chain: `unit_${short}` } })
  }
  for (const spec of unitSpecs) {
    // Answers to mDNS questions go back to the asker's own address and port.
    const first: NftRule[] = spec.name === 'systemd-resolved' ? [{ matches: [{ kind: 'sourcePort', protocol: 'udp', ports: [one(5353)] }], statements: [], verdict: { kind: 'accept' }, comment: 'mDNS answers' }] : []
    addChain(spec.short, spec.name, allows.get(spec.name)!, input.cgroupLevel, first)
  }
  const appLines = new Map<string, PolicyLine[]>()
  for (const app of input.apps) {
    const entries = app.destinations.map((destination): Allow => ({ blocks: destination.addresses, protocols: [destination.protocol], ports: destination.ports ?? everyPort, line: destinationLine(destination) }))
    // Its cgroup set is cg_<short>: appCgroupSet(app), the name the launcher's NFTSet= gives.
    addChain(appEgressShort(app.app), `pc2-app-${app.app}`, entries, input.appCgroupLevel)
    appLines.set(app.app, entries.map((entry) => entry.line))
  }

  const icmpv6Setup: Match = { kind: 'icmpv6', types: ['nd-router-solicit', 'nd-neighbor-solicit', 'nd-neighbor-advert', 'mld-listener-report', 'mld2-listener-report'] }
  const output: NftChain = {
    name: 'output',
    base: { hook: 'output', priority: 0, policy: 'drop' },
    rules: [
      { matches: [{ kind: 'outInterface', name: 'lo' }], statements: [], verdict: { kind: 'accept' }, comment: 'inside the node' },
      { matches: [{ kind: 'ctState', states: ['established', 'related'] }], statements: [], verdict: { kind: 'accept' }, comment: 'replies and connections already allowed' },
      { matches: [{ kind: 'ctState', states: ['invalid'] }], statements: [], verdict: { kind: 'drop' } },
      { matches: [icmpv6Setup], statements: [], verdict: { kind: 'accept' }, comment: 'IPv6 neighbour discovery' },
      { matches: [{ kind: 'sourcePort', protocol: 'udp', ports: [one(68)] }, { kind: 'destinationPort', protocol: 'udp', ports: [one(67)] }], statements: [], verdict: { kind: 'accept' }, comment: 'DHCPv4' },
      { matches: [{ kind: 'sourcePort', protocol: 'udp', ports: [one(546)] }, { kind: 'destinationPort', protocol: 'udp', ports: [one(547)] }], statements: [], verdict: { kind: 'accept' }, comment: 'DHCPv6' },
      ...dispatch,
      refusal(`${logPrefix} other`, input.logGroup)
    ]
  }
  const inboundTcp = [...new Set([input.adminPort, input.gatewayPort, input.ipfsPort])].map(one)
  const inputChain: NftChain = {
    name: 'input',
    base: { hook: 'input', priority: 0, policy: 'drop' },
    rules: [
      { matches: [{ kind: 'destinationPort', protocol: 'tcp', ports: [one(input.adminPort)] }], statements: [], verdict: { kind: 'accept' }, comment: 'the admin UI: never refused' },
      { matches: [{ kind: 'inInterface', name: 'lo' }], statements: [], verdict: { kind: 'accept' } },
      { matches: [{ kind: 'ctState', states: ['established', 'related'] }], statements: [], verdict: { kind: 'accept' } },
      { matches: [{ kind: 'ctState', states: ['invalid'] }], statements: [], verdict: { kind: 'drop' } },
      { matches: [{ kind: 'icmp' }], statements: [], verdict: { kind: 'accept' } },
      { matches: [{ kind: 'destinationPort', protocol: 'tcp', ports: inboundTcp }], statements: [], verdict: { kind: 'accept' }, comment: 'admin UI, gateway and libp2p' },
      { matches: [{ kind: 'destinationPort', protocol: 'udp', ports: [one(68), one(546), one(5353)] }], statements: [], verdict: { kind: 'accept' }, comment: 'DHCP replies and mDNS' }
    ]
  }

  const words: PolicyWords = {
    always: [
      { text: 'Connections inside the node (loopback), and replies to connections already allowed', source: 'built-in' },
      { text: 'Getting an address: DHCP and IPv6 neighbour discovery', source: 'built-in' }
    ],
    incoming: [
      { text: `The admin UI on TCP port ${input.adminPort}, from anywhere — never refused, so you cannot lock yourself out`, source: 'setting', setting: 'admin.port' },
      { text: `IPFS peers on TCP port ${input.ipfsPort}${input.gatewayPort === input.adminPort ? '' : `, the gateway on TCP port ${input.gatewayPort}`}`, source: 'setting', setting: 'ipfs.port' },
      { text: 'DHCP replies, mDNS and ICMP', source: 'built-in' }
    ],
    units: unitSpecs.map((spec) => ({ unit: spec.name as string, role: spec.role, ownerMayAdd: spec.ownerMayAdd, allowed: allows.get(spec.name)!.map((entry) => entry.line) })),
    apps: input.apps.map((app) => ({ app: app.app, allowed: appLines.get(app.app)! })),
    others: 'Every other program may reach nothing outside the node; each attempt is refused and recorded.'
  }
  return { table: { family: 'inet', name: tableName, sets, chains: [inputChain, output, ...unitChains] }, words }
}

function destinationLine (destination: ResolvedDestination): PolicyLine {
  const resolved = destination.unresolved === undefined ? '' : ` — not resolved yet: ${destination.unresolved}`
  const note = destination.note === undefined ? '' : ` — ${destination.note}`
  return { text: `${describeDestination(destination)}${note}${resolved}`, source: 'owner', key: destinationKey(destination) }
}

function refusal (prefix: string, group: number): NftRule {
  return { matches: [], statements: [{ kind: 'log', prefix: `${prefix} `, group }], verdict: { kind: 'reject' } }
}

/** Interval sets refuse overlapping elements: keep each (address, protocol, ports) once, widest ports first. */
function mergeElements (elements: DestinationElement[]): DestinationElement[] {
  const kept: DestinationElement[] = []
  const sorted = [...elements].sort((a, b) => (b.ports.to - b.ports.from) - (a.ports.to - a.ports.from))
  for (const element of sorted) {
    const covered = kept.some((other) => other.protocol === element.protocol && blockCovers(other.address, element.address) && other.ports.from <= element.ports.from && other.ports.to >= element.ports.to)
    if (!covered) kept.push(element)
  }
  return kept
}
