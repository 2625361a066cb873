// A typed nftables ruleset: tables of sets and chains, chains of rules, rules of matches,
// statements and a verdict — only the vocabulary PC2's policy needs, each piece checked
// when it is built so that nothing the owner typed can become nftables syntax.
//
// It renders to nft's own syntax, applied as one atomic transaction by `nft -f -`. (We
// meant to emit libnftables JSON, but its parser has no `socket cgroupv2` key — up to
// nftables 1.1 — and matching a service by its cgroup is the point of the policy.)

export type Family = 'inet' | 'ip' | 'ip6'
export type Protocol = 'tcp' | 'udp'
export type IpFamily = 'ipv4' | 'ipv6'
export type CtState = 'established' | 'related' | 'new' | 'invalid'
export type Icmpv6Type = 'nd-router-solicit' | 'nd-neighbor-solicit' | 'nd-neighbor-advert' | 'mld-listener-report' | 'mld2-listener-report'

/** An address or CIDR block, already checked and in canonical form. */
export interface AddressBlock { family: IpFamily, text: string }

export type SetType =
  /** Cgroup ids, filled by systemd (`NFTSet=cgroup:…` in each unit) and by pc2-egress. */
  | { kind: 'cgroups' }
  /** (address, protocol, port) triples; an address may be a block and a port a range. */
  | { kind: 'destinations', family: IpFamily }

export interface NftSet {
  name: string
  type: SetType
  elements: DestinationElement[]
}

export interface DestinationElement { address: AddressBlock, protocol: Protocol, ports: PortRange }
export interface PortRange { from: number, to: number }

export type Match =
  | { kind: 'outInterface', name: string }
  | { kind: 'inInterface', name: string }
  | { kind: 'ctState', states: CtState[] }
  /** The packet's socket belongs to a cgroup in `set`, compared at the ancestor `level`. */
  | { kind: 'cgroupIn', set: string, level: number }
  /** (daddr, l4proto, dport) is in the destinations set `set`. */
  | { kind: 'destinationIn', family: IpFamily, set: string }
  | { kind: 'destination', address: AddressBlock }
  | { kind: 'protocol', protocol: Protocol }
  | { kind: 'sourcePort', protocol: Protocol, ports: PortRange[] }
  | { kind: 'destinationPort', protocol: Protocol, ports: PortRange[] }
  | { kind: 'icmpv6', types: Icmpv6Type[] }
  | { kind: 'icmp' }
  | { kind: 'ipFamily', family: IpFamily }

export type Statement =
  | { kind: 'counter' }
  /** NFLOG to `group`; `prefix` tells the reader which rule (and unit) refused the packet. */
  | { kind: 'log', prefix: string, group: number }

export type Verdict =
  | { kind: 'accept' }
  | { kind: 'drop' }
  /** Refuse with an ICMP "administratively prohibited", so a local program fails at once. */
  | { kind: 'reject' }
  | { kind: 'jump', chain: string }
  | { kind: 'return' }

export interface NftRule {
  matches: Match[]
  statements: Statement[]
  verdict?: Verdict
  /** Why the rule is there, rendered as an nft comment. */
  comment?: string
}

export interface BaseChainHook { hook: 'input' | 'output', priority: number, policy: 'accept' | 'drop' }

export interface NftChain {
  name: string
  /** A base chain hooks into the stack; a regular chain is only jumped to. */
  base?: BaseChainHook
  rules: NftRule[]
}

export interface NftTable {
  family: Family
  name: string
  sets: NftSet[]
  chains: NftChain[]
}

export class RulesetError extends Error {
  override name = 'RulesetError'
}

const identifier = /^[a-z][a-z0-9_]{0,30}$/
const printable = /^[A-Za-z0-9 _.,:/@+-]*$/

function checkIdentifier (what: string, name: string): string {
  if (!identifier.test(name)) throw new RulesetError(`${what} name ${JSON.stringify(name)} must be a lower-case letter then up to 30 of a-z, 0-9, _`)
  return name
}

function checkText (what: string, text: string, maxLength: number): string {
  if (text.length > maxLength || !printable.test(text)) {
    throw new RulesetError(`${what} ${JSON.stringify(text)} must be at most ${maxLength} of letters, digits, space and _.,:/@+-`)
  }
  return text
}

function checkPorts (ports: PortRange): string {
  const { from, to } = ports
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to > 65535 || from > to) {
    throw new RulesetError(`port range ${from}-${to} must lie within 1-65535 with from ≤ to`)
  }
  return from === to ? String(from) : `${from}-${to}`
}

function portList (ports: PortRange[]): string {
  if (ports.length === 0) throw new RulesetError('a port match needs at least one port')
  const rendered = ports.map(checkPorts)
  return rendered.length === 1 ? rendered[0]! : `{ ${rendered.join(', ')} }`
}

function ipKeyword (family: IpFamily): 'ip' | 'ip6' {
  return family === 'ipv4' ? 'ip' : 'ip6'
}

function renderMatch (match: Match): string {
  switch (match.kind) {
    case 'outInterface': return `oifname ${JSON.stringify(checkText('interface', match.name, 15))}`
    case 'inInterface': return `iifname ${JSON.stringify(checkText('interface', match.name, 15))}`
    case 'ctState': return `ct state ${match.states.join(',')}`
    case 'cgroupIn':
      if (!Number.isInteger(match.level) || match.level < 1 || match.level > 255) throw new RulesetError(`cgroup level ${match.level} must be 1-255`)
      return `socket cgroupv2 level ${match.level} @${checkIdentifier('set', match.set)}`
    case 'destinationIn': return `${ipKeyword(match.family)} daddr . meta l4proto . th dport @${checkIdentifier('set', match.set)}`
    case 'destination': return `${ipKeyword(match.address.family)} daddr ${match.address.text}`
    case 'protocol': return `meta l4proto ${match.protocol}`
    case 'sourcePort': return `${match.protocol} sport ${portList(match.ports)}`
    case 'destinationPort': return `${match.protocol} dport ${portList(match.ports)}`
    case 'icmpv6': return `icmpv6 type { ${match.types.join(', ')} }`
    // By number: the image has no /etc/protocols to look names up in.
    case 'icmp': return 'meta l4proto { 1, 58 }'
    case 'ipFamily': return `meta nfproto ${match.family}`
  }
}

function renderStatement (statement: Statement): string {
  switch (statement.kind) {
    case 'counter': return 'counter'
    case 'log':
      if (!Number.isInteger(statement.group) || statement.group < 0 || statement.group > 65535) throw new RulesetError(`log group ${statement.group} must be 0-65535`)
      return `log prefix ${JSON.stringify(checkText('log prefix', statement.prefix, 60))} group ${statement.group}`
  }
}

function renderVerdict (verdict: Verdict): string {
  switch (verdict.kind) {
    case 'accept': return 'accept'
    case 'drop': return 'drop'
    case 'reject': return 'reject with icmpx admin-prohibited'
    case 'jump': return `jump ${checkIdentifier('chain', verdict.chain)}`
    case 'return': return 'return'
  }
}

export function renderRule (rule: NftRule): string {
  const parts = [...rule.matches.map(renderMatch), ...rule.statements.map(renderStatement)]
  if (rule.verdict !== undefined) parts.push(renderVerdict(rule.verdict))
  if (parts.length === 0) throw new RulesetError('a rule must match, count, log or decide something')
  if (rule.comment !== undefined) parts.push(`comment ${JSON.stringify(checkText('comment', rule.comment, 120))}`)
  return parts.join(' ')
}

function renderElement (element: DestinationElement): string {
  return `${element.address.text} . ${element.protocol} . ${checkPorts(element.ports)}`
}

function setDeclaration (set: NftSet): string {
  checkIdentifier('set', set.name)
  if (set.type.kind === 'cgroups') return `  set ${set.name} { type cgroupsv2; }`
  return `  set ${set.name} { type ${set.type.family === 'ipv4' ? 'ipv4_addr' : 'ipv6_addr'} . inet_proto . inet_service; flags interval; }`
}

function chainDeclaration (chain: NftChain): string {
  checkIdentifier('chain', chain.name)
  if (chain.base === undefined) return `  chain ${chain.name} { }`
  const { hook, priority, policy } = chain.base
  if (!Number.isInteger(priority) || Math.abs(priority) > 1000) throw new RulesetError(`chain priority ${priority} must be an integer within ±1000`)
  return `  chain ${chain.name} { type filter hook ${hook} priority ${priority}; policy ${policy}; }`
}

/**
 * One transaction that makes `table` the rules in force: declares the table, its sets and
 * chains (a no-op for those that exist), empties every chain and every destinations set,
 * and fills them anew. Cgroup sets are declared but never emptied: systemd adds a unit's
 * cgroup when it starts and removes it when it stops, and that must survive a policy change.
 */
export function renderRuleset (table: NftTable): string {
  const family = table.family
  const name = checkIdentifier('table', table.name)
  const setNames = new Set<string>()
  for (const set of table.sets) {
    if (setNames.has(set.name)) throw new RulesetError(`set ${set.name} is declared twice`)
    setNames.add(set.name)
    for (const element of set.elements) {
      if (set.type.kind !== 'destinations') throw new RulesetError(`set ${set.name} holds cgroups, which systemd fills, not elements`)
      if (element.address.family !== set.type.family) throw new RulesetError(`set ${set.name} holds ${set.type.family} destinations, not ${element.address.text}`)
    }
  }
  const chainNames = new Set(table.chains.map((chain) => chain.name))
  if (chainNames.size !== table.chains.length) throw new RulesetError('a chain is declared twice')
  for (const chain of table.chains) {
    for (const rule of chain.rules) {
      for (const match of rule.matches) {
        if ((match.kind === 'cgroupIn' || match.kind === 'destinationIn') && !setNames.has(match.set)) throw new RulesetError(`chain ${chain.name} refers to set ${match.set}, which the table does not declare`)
      }
      if (rule.verdict?.kind === 'jump' && !chainNames.has(rule.verdict.chain)) throw new RulesetError(`chain ${chain.name} jumps to ${rule.verdict.chain}, which the table does not declare`)
    }
  }
  const lines = [
    `table ${family} ${name} {`,
    ...table.sets.map(setDeclaration),
    ...table.chains.map(chainDeclaration),
    '}'
  ]
  for (const chain of table.chains) lines.push(`flush chain ${family} ${name} ${chain.name}`)
  for (const set of table.sets) if (set.type.kind === 'destinations') lines.push(`flush set ${family} ${name} ${set.name}`)
  for (const set of table.sets) {
    if (set.elements.length === 0) continue
    lines.push(`add element ${family} ${name} ${set.name} { ${set.elements.map(renderElement).join(', ')} }`)
  }
  for (const chain of table.chains) {
    for (const rule of chain.rules) lines.push(`add rule ${family} ${name} ${chain.name} ${renderRule(rule)}`)
  }
  return `${lines.join('\n')}\n`
}
