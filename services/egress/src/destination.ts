// A destination the owner allows a unit to reach: a host (address, block or host name), a
// protocol, and a port or port range (none = every port). Parsed from what the API is
// sent, with an error that names the field; written in words for the Network page.

import { hostValue, InvalidInputError } from '@pc2/core'
import { isAddressText, parseAddressBlock } from './address.ts'
import type { PortRange, Protocol } from './nft/ruleset.ts'

export interface Destination {
  /** An IPv4/IPv6 address, a CIDR block, or a host name that pc2-egress resolves. */
  host: string
  protocol: Protocol
  /** Absent: every port. */
  ports?: PortRange
  /** The owner's reminder of why (shown, never interpreted). */
  note?: string
}

const hostName = hostValue()

export function parseDestination (input: unknown): Destination {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new InvalidInputError('a destination is a JSON object: { "host", "protocol", "port", "note" }')
  const record = input as Record<string, unknown>
  for (const key of Object.keys(record)) {
    if (!['host', 'protocol', 'port', 'note'].includes(key)) throw new InvalidInputError(`unknown field ${JSON.stringify(key)} in a destination; known: host, protocol, port, note`, { details: { field: key } })
  }
  const destination: Destination = { host: parseHost(record.host), protocol: parseProtocol(record.protocol) }
  if (record.port !== undefined && record.port !== null && record.port !== '') destination.ports = parsePorts(record.port)
  if (record.note !== undefined) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a note with control characters is refused
    if (typeof record.note !== 'string' || record.note.length > 200 || /[\u0000-\u001f]/.test(record.note)) {
      throw new InvalidInputError('note must be text of at most 200 characters, on one line', { details: { field: 'note' } })
    }
    if (record.note.trim() !== '') destination.note = record.note.trim()
  }
  return destination
}

function parseHost (value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidInputError('host is missing: an IP address, a block such as 192.168.1.0/24, or a host name', { details: { field: 'host' } })
  const text = value.trim().toLowerCase()
  if (isAddressText(text)) return parseAddressBlock(text, 'host').text
  if (hostName.parse(text) === undefined) throw new InvalidInputError(`host ${JSON.stringify(value)} is neither an IP address, a block, nor a host name`, { details: { field: 'host' } })
  return text
}

function parseProtocol (value: unknown): Protocol {
  if (value === undefined) return 'tcp'
  if (value === 'tcp' || value === 'udp') return value
  throw new InvalidInputError(`protocol ${JSON.stringify(value)} must be "tcp" or "udp"`, { details: { field: 'protocol' } })
}

export function parsePorts (value: unknown): PortRange {
  const text = typeof value === 'number' ? String(value) : value
  const match = typeof text === 'string' ? /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim()) : null
  const from = Number(match?.[1])
  const to = match?.[2] === undefined ? from : Number(match[2])
  if (match === null || from < 1 || to > 65535 || from > to) {
    throw new InvalidInputError(`port ${JSON.stringify(value)} must be a port 1-65535 or a range such as 8000-8100`, { details: { field: 'port' } })
  }
  return { from, to }
}

export function formatPorts (ports: PortRange | undefined): string {
  if (ports === undefined) return 'any port'
  return ports.from === ports.to ? `port ${ports.from}` : `ports ${ports.from}-${ports.to}`
}

/** The key the API names a destination by: `tcp/10.0.2.100/8545`, `udp/lan.example/any`. */
export function destinationKey (destination: Destination): string {
  const ports = destination.ports === undefined ? 'any' : destination.ports.from === destination.ports.to ? String(destination.ports.from) : `${destination.ports.from}-${destination.ports.to}`
  return `${destination.protocol}/${destination.host}/${ports}`
}

export function describeDestination (destination: Destination): string {
  return `${destination.host}, ${formatPorts(destination.ports)} (${destination.protocol.toUpperCase()})`
}
