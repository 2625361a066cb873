// Turning what settings and the owner name into addresses for the rules: host names (the
// chain RPC's, the owner's destinations, NTP servers) through the system resolver, and the
// DNS servers systemd-resolved uses (from its resolv.conf, which follows DHCP).

import { lookup } from 'node:dns/promises'
import { readFile } from 'node:fs/promises'
import { isAddressText, parseAddressBlock } from './address.ts'
import type { AddressBlock } from './nft/ruleset.ts'

export type NameLookup = (name: string) => Promise<string[]>

export const systemLookup: NameLookup = async (name) => (await lookup(name, { all: true })).map((entry) => entry.address)

export interface Resolution { addresses: AddressBlock[], unresolved?: string }

/** An address or block as itself; a name through `lookupName`, with the failure kept as words. */
export async function resolveHost (host: string, lookupName: NameLookup): Promise<Resolution> {
  if (isAddressText(host)) return { addresses: [parseAddressBlock(host)] }
  try {
    const addresses = [...new Set(await lookupName(host))].map((address) => parseAddressBlock(address))
    return addresses.length === 0 ? { addresses, unresolved: `${host} has no address` } : { addresses }
  } catch (error) {
    return { addresses: [], unresolved: `${host} did not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }
  }
}

/** The upstream DNS servers in systemd-resolved's resolv.conf (never its own 127.0.0.53 stub). */
export async function readResolvers (file: string): Promise<AddressBlock[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return []
  }
  const servers: AddressBlock[] = []
  for (const line of text.split('\n')) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line)
    const address = match?.[1]?.replace(/%.*$/, '')
    if (address === undefined || !isAddressText(address) || address.startsWith('127.') || address === '::1') continue
    if (!servers.some((known) => known.text === address)) servers.push(parseAddressBlock(address))
  }
  return servers
}
